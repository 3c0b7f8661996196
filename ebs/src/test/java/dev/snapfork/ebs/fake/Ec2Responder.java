package dev.snapfork.ebs.fake;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers EC2 Query API calls (form-encoded {@code Action=...}) from {@link FakeAws} state. */
final class Ec2Responder {
  static final String OWNER = "123456789012";
  private final FakeAws aws;

  Ec2Responder(FakeAws aws) {
    this.aws = aws;
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new TreeMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** Values of {@code prefix.1}, {@code prefix.2}, ... */
  static List<String> list(Map<String, String> p, String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 1; p.containsKey(prefix + "." + i); i++) {
      out.add(p.get(prefix + "." + i));
    }
    return out;
  }

  /** Tags from {@code prefix.Tag.N.Key/Value}. */
  static Map<String, String> tags(Map<String, String> p, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; p.containsKey(prefix + "Tag." + i + ".Key"); i++) {
      out.put(p.get(prefix + "Tag." + i + ".Key"), p.getOrDefault(prefix + "Tag." + i + ".Value", ""));
    }
    return out;
  }

  static Map<String, String> specTags(Map<String, String> p, String type) {
    for (int s = 1; p.containsKey("TagSpecification." + s + ".ResourceType"); s++) {
      if (p.get("TagSpecification." + s + ".ResourceType").equals(type)) {
        return tags(p, "TagSpecification." + s + ".");
      }
    }
    return new LinkedHashMap<>();
  }

  /** One EC2 call: form parameters from the body, plus any in the query string (the body wins). */
  ResponseDefinition handle(String body, Map<String, String> query) {
    Map<String, String> p = new TreeMap<>(query);
    p.putAll(form(body));
    String action = p.getOrDefault("Action", "");
    aws.actions.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
    synchronized (aws) {
      switch (action) {
        case "CreateSnapshot": return createSnapshot(p);
        case "CreateSnapshots": return createSnapshots(p);
        case "DescribeSnapshots": return describeSnapshots(p);
        case "DeleteSnapshot": return deleteSnapshot(p);
        case "CreateVolume": return createVolume(p);
        case "DescribeVolumes": return describeVolumes(p);
        case "DeleteVolume": return deleteVolume(p);
        case "CreateTags": return createTags(p);
        case "CopySnapshot": return copySnapshot(p);
        default: return Xml.error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
      }
    }
  }

  private ResponseDefinition checkTags(Map<String, String> tags) {
    if (tags.size() > 50) {
      return Xml.error(400, "TagLimitExceeded", "The maximum number of tags per resource is 50.");
    }
    for (String k : tags.keySet()) {
      if (k.startsWith("aws:")) {
        return Xml.error(400, "InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
      }
    }
    return null;
  }

  private FakeAws.Snap newSnap(FakeAws.Vol v, Map<String, String> tags, String description) {
    FakeAws.Snap s = new FakeAws.Snap();
    s.id = "snap-" + FakeAws.hex(17);
    s.volumeId = v.id;
    s.sizeGib = v.sizeGib;
    s.description = description;
    s.tags.putAll(tags);
    s.blocks.putAll(v.blocks);
    s.describesLeft = aws.describesUntilCompleted;
    s.hiddenDescribes = aws.invisibleDescribes;
    if (aws.holdPending.contains(v.id)) {
      s.describesLeft = Integer.MAX_VALUE;
    }
    aws.snapshots.put(s.id, s);
    return s;
  }

  private ResponseDefinition createSnapshot(Map<String, String> p) {
    FakeAws.Vol v = aws.volumes.get(p.get("VolumeId"));
    if (v == null) {
      return Xml.error(400, "InvalidVolume.NotFound", "The volume '" + p.get("VolumeId") + "' does not exist.");
    }
    Map<String, String> tags = specTags(p, "snapshot");
    ResponseDefinition bad = checkTags(tags);
    if (bad != null) {
      return bad;
    }
    FakeAws.Snap s = newSnap(v, tags, p.getOrDefault("Description", ""));
    return Xml.ok("CreateSnapshot", snapFields(s, "status"));
  }

  private ResponseDefinition createSnapshots(Map<String, String> p) {
    String instance = p.get("InstanceSpecification.InstanceId");
    List<String> exclude = list(p, "InstanceSpecification.ExcludeDataVolumeId");
    Map<String, String> tags = specTags(p, "snapshot");
    StringBuilder items = new StringBuilder("<snapshotSet>");
    boolean any = false;
    for (FakeAws.Vol v : aws.volumes.values()) {
      if (instance != null && instance.equals(v.instanceId) && !exclude.contains(v.id)) {
        FakeAws.Snap s = newSnap(v, tags, p.getOrDefault("Description", ""));
        items.append("<item>").append(snapFields(s, "state")).append("</item>");
        any = true;
      }
    }
    if (!any) {
      return Xml.error(400, "InvalidInstanceID.NotFound", "The instance ID '" + instance + "' does not exist");
    }
    return Xml.ok("CreateSnapshots", items.append("</snapshotSet>").toString());
  }

  private String snapFields(FakeAws.Snap s, String stateElement) {
    return Xml.el("snapshotId", s.id) + Xml.el("volumeId", s.volumeId) + Xml.el(stateElement, s.state)
        + Xml.el("statusMessage", s.stateMessage) + Xml.el("startTime", s.started) + Xml.el("progress", s.state.equals("completed") ? "100%" : "0%")
        + Xml.el("ownerId", OWNER) + Xml.el("volumeSize", s.sizeGib) + Xml.el("description", s.description)
        + Xml.el("encrypted", false) + Xml.tagSet(s.tags);
  }

  private void advance(FakeAws.Snap s) {
    if (!s.state.equals("pending") || s.direct || aws.frozen) {
      return;
    }
    if (aws.failing.contains(s.volumeId)) {
      s.state = "error";
      s.stateMessage = "Snapshot creation failed: internal error copying the volume";
    } else if (s.describesLeft <= 0) {
      s.state = "completed";
    } else if (s.describesLeft != Integer.MAX_VALUE) {
      s.describesLeft--;
    }
  }

  private <T> List<T> filtered(Map<String, String> p, List<T> all, java.util.function.BiFunction<T, String, List<String>> attr,
      java.util.function.Function<T, Map<String, String>> tagsOf) {
    List<T> out = new ArrayList<>();
    outer:
    for (T item : all) {
      for (int f = 1; p.containsKey("Filter." + f + ".Name"); f++) {
        String name = p.get("Filter." + f + ".Name");
        List<String> values = list(p, "Filter." + f + ".Value");
        if (name.startsWith("tag:")) {
          String v = tagsOf.apply(item).get(name.substring(4));
          if (v == null || !values.contains(v)) {
            continue outer;
          }
        } else {
          List<String> actual = attr.apply(item, name);
          if (actual == null) {
            throw new IllegalArgumentException(name);
          }
          if (actual.stream().noneMatch(values::contains)) {
            continue outer;
          }
        }
      }
      out.add(item);
    }
    return out;
  }

  /** Whether this describe must not see {@code s} yet; counts the describe. */
  private static boolean hidden(FakeAws.Snap s) {
    if (s.hiddenDescribes <= 0) {
      return false;
    }
    if (s.hiddenDescribes != Integer.MAX_VALUE) {
      s.hiddenDescribes--;
    }
    return true;
  }

  private static boolean hidden(FakeAws.Vol v) {
    if (v.hiddenDescribes <= 0) {
      return false;
    }
    if (v.hiddenDescribes != Integer.MAX_VALUE) {
      v.hiddenDescribes--;
    }
    return true;
  }

  private ResponseDefinition describeSnapshots(Map<String, String> p) {
    List<String> ids = list(p, "SnapshotId");
    if (!ids.isEmpty() && p.containsKey("MaxResults")) {
      return Xml.error(400, "InvalidParameterCombination", "The parameter snapshotIdSet cannot be used with the parameter maxResults");
    }
    List<FakeAws.Snap> all = new ArrayList<>();
    for (String id : ids) {
      FakeAws.Snap s = aws.snapshots.get(id);
      if (s == null || hidden(s)) {
        return Xml.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
      }
      all.add(s);
    }
    if (ids.isEmpty()) {
      for (FakeAws.Snap s : new TreeMap<>(aws.snapshots).values()) {
        if (!hidden(s)) {
          all.add(s);
        }
      }
    }
    List<FakeAws.Snap> found;
    try {
      found = filtered(p, all, (s, name) -> switch (name) {
        case "volume-id" -> List.of(s.volumeId);
        case "snapshot-id" -> List.of(s.id);
        case "status" -> List.of(s.state);
        case "owner-id" -> List.of(OWNER);
        default -> null;
      }, s -> s.tags);
    } catch (IllegalArgumentException e) {
      return Xml.error(400, "InvalidParameterValue", "The filter '" + e.getMessage() + "' is invalid");
    }
    return page(p, found, 5, 1000, "DescribeSnapshots", "snapshotSet", s -> {
      advance(s);
      return snapFields(s, "status");
    });
  }

  private <T> ResponseDefinition page(Map<String, String> p, List<T> found, int min, int max, String action, String set,
      java.util.function.Function<T, String> render) {
    int size = found.size();
    int offset = 0;
    if (p.containsKey("MaxResults")) {
      size = Integer.parseInt(p.get("MaxResults"));
      if (size < min || size > max) {
        return Xml.error(400, "InvalidParameterValue", "Value ( " + size + " ) for parameter maxResults is invalid. Expecting a value between "
            + min + " and " + max + ".");
      }
    }
    if (p.containsKey("NextToken")) {
      try {
        offset = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(p.get("NextToken")), StandardCharsets.UTF_8).substring(4));
      } catch (RuntimeException e) {
        return Xml.error(400, "InvalidParameterValue", "Unable to parse pagination token");
      }
    }
    StringBuilder b = new StringBuilder("<" + set + ">");
    int end = Math.min(found.size(), offset + size);
    for (int i = offset; i < end; i++) {
      b.append("<item>").append(render.apply(found.get(i))).append("</item>");
    }
    b.append("</" + set + ">");
    if (end < found.size()) {
      b.append(Xml.el("nextToken", java.util.Base64.getEncoder().encodeToString(("off:" + end).getBytes(StandardCharsets.UTF_8))));
    }
    return Xml.ok(action, b.toString());
  }

  private ResponseDefinition deleteSnapshot(Map<String, String> p) {
    String id = p.get("SnapshotId");
    if (aws.snapshots.remove(id) == null) {
      return Xml.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
    }
    return Xml.ok("DeleteSnapshot", Xml.el("return", true));
  }

  private ResponseDefinition createVolume(Map<String, String> p) {
    String token = p.get("ClientToken");
    if (token != null) {
      for (FakeAws.Vol v : aws.volumes.values()) {
        if (token.equals(v.clientToken)) {
          return Xml.ok("CreateVolume", volFields(v));
        }
      }
    }
    FakeAws.Snap s = p.containsKey("SnapshotId") ? aws.snapshots.get(p.get("SnapshotId")) : null;
    if (p.containsKey("SnapshotId") && s == null) {
      return Xml.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + p.get("SnapshotId") + "' does not exist.");
    }
    if (!p.containsKey("AvailabilityZone")) {
      return Xml.error(400, "MissingParameter", "The request must contain the parameter AvailabilityZone");
    }
    int size = p.containsKey("Size") ? Integer.parseInt(p.get("Size")) : s == null ? 1 : s.sizeGib;
    if (s != null && size < s.sizeGib) {
      return Xml.error(400, "InvalidParameterValue", "Volume of " + size + "GiB is too small; minimum is " + s.sizeGib + "GiB.");
    }
    Map<String, String> tags = specTags(p, "volume");
    ResponseDefinition bad = checkTags(tags);
    if (bad != null) {
      return bad;
    }
    FakeAws.Vol v = aws.newVolume(size);
    v.zone = p.get("AvailabilityZone");
    v.type = p.getOrDefault("VolumeType", "gp2");
    v.snapshotId = s == null ? null : s.id;
    v.clientToken = token;
    v.hiddenDescribes = aws.invisibleDescribes;
    v.tags.putAll(tags);
    if (s != null) {
      s.blocks.forEach((i, d) -> v.blocks.put(i, d.clone()));
    }
    return Xml.ok("CreateVolume", volFields(v));
  }

  private String volFields(FakeAws.Vol v) {
    StringBuilder b = new StringBuilder();
    b.append(Xml.el("volumeId", v.id)).append(Xml.el("size", v.sizeGib)).append(Xml.el("snapshotId", v.snapshotId == null ? "" : v.snapshotId))
        .append(Xml.el("availabilityZone", v.zone)).append(Xml.el("status", v.instanceId == null ? "available" : "in-use"))
        .append(Xml.el("createTime", v.created)).append(Xml.el("volumeType", v.type)).append(Xml.el("encrypted", false));
    b.append("<attachmentSet>");
    if (v.instanceId != null) {
      b.append("<item>").append(Xml.el("volumeId", v.id)).append(Xml.el("instanceId", v.instanceId)).append(Xml.el("device", v.device))
          .append(Xml.el("status", "attached")).append(Xml.el("attachTime", v.created)).append(Xml.el("deleteOnTermination", false)).append("</item>");
    }
    b.append("</attachmentSet>");
    return b.append(Xml.tagSet(v.tags)).toString();
  }

  private ResponseDefinition describeVolumes(Map<String, String> p) {
    List<String> ids = list(p, "VolumeId");
    List<FakeAws.Vol> all = new ArrayList<>();
    for (String id : ids) {
      FakeAws.Vol v = aws.volumes.get(id);
      if (v == null || hidden(v)) {
        return Xml.error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
      }
      all.add(v);
    }
    if (ids.isEmpty()) {
      for (FakeAws.Vol v : new TreeMap<>(aws.volumes).values()) {
        if (!hidden(v)) {
          all.add(v);
        }
      }
    }
    List<FakeAws.Vol> found;
    try {
      found = filtered(p, all, (v, name) -> switch (name) {
        case "volume-id" -> List.of(v.id);
        case "attachment.instance-id" -> v.instanceId == null ? List.of() : List.of(v.instanceId);
        case "snapshot-id" -> v.snapshotId == null ? List.of() : List.of(v.snapshotId);
        default -> null;
      }, v -> v.tags);
    } catch (IllegalArgumentException e) {
      return Xml.error(400, "InvalidParameterValue", "The filter '" + e.getMessage() + "' is invalid");
    }
    return page(p, found, 5, 500, "DescribeVolumes", "volumeSet", this::volFields);
  }

  private ResponseDefinition deleteVolume(Map<String, String> p) {
    String id = p.get("VolumeId");
    FakeAws.Vol v = aws.volumes.get(id);
    if (v == null) {
      return Xml.error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
    }
    if (v.instanceId != null) {
      return Xml.error(400, "VolumeInUse", "Volume " + id + " is currently attached to " + v.instanceId);
    }
    aws.volumes.remove(id);
    return Xml.ok("DeleteVolume", Xml.el("return", true));
  }

  private ResponseDefinition createTags(Map<String, String> p) {
    Map<String, String> tags = tags(p, "");
    for (String id : list(p, "ResourceId")) {
      Map<String, String> target = aws.snapshots.containsKey(id) ? aws.snapshots.get(id).tags
          : aws.volumes.containsKey(id) ? aws.volumes.get(id).tags : null;
      if (target == null) {
        return Xml.error(400, id.startsWith("vol-") ? "InvalidVolume.NotFound" : "InvalidSnapshot.NotFound", "The ID '" + id + "' does not exist");
      }
      Map<String, String> merged = new LinkedHashMap<>(target);
      merged.putAll(tags);
      ResponseDefinition bad = checkTags(merged);
      if (bad != null) {
        return bad;
      }
      target.putAll(tags);
    }
    return Xml.ok("CreateTags", Xml.el("return", true));
  }

  private ResponseDefinition copySnapshot(Map<String, String> p) {
    FakeAws.Snap src = aws.snapshots.get(p.get("SourceSnapshotId"));
    if (src == null) {
      return Xml.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + p.get("SourceSnapshotId") + "' does not exist.");
    }
    aws.lastPresignedUrl = p.get("PresignedUrl");
    String sourceRegion = p.get("SourceRegion");
    if (sourceRegion == null) {
      return Xml.error(400, "MissingParameter", "The request must contain the parameter SourceRegion");
    }
    if (p.containsKey("DestinationRegion") && !aws.region.equals(p.get("DestinationRegion"))) {
      return Xml.error(400, "InvalidParameterValue", "DestinationRegion " + p.get("DestinationRegion") + " is not this region " + aws.region);
    }
    if (!sourceRegion.equals(aws.region)) {
      String problem = presignProblem(p.get("PresignedUrl"), src.id, sourceRegion);
      if (problem != null) {
        return Xml.error(400, "InvalidParameterValue", "PresignedUrl: " + problem);
      }
    }
    FakeAws.Snap s = new FakeAws.Snap();
    s.id = "snap-" + FakeAws.hex(17);
    s.hiddenDescribes = aws.invisibleDescribes;
    s.volumeId = "vol-ffffffff";
    s.sizeGib = src.sizeGib;
    s.description = p.getOrDefault("Description", "");
    s.tags.putAll(specTags(p, "snapshot"));
    s.blocks.putAll(src.blocks);
    s.started = Instant.now();
    s.describesLeft = aws.describesUntilCompleted;
    aws.snapshots.put(s.id, s);
    return Xml.ok("CopySnapshot", Xml.el("snapshotId", s.id) + Xml.tagSet(s.tags));
  }

  /**
   * What is wrong with a CopySnapshot PresignedUrl (null when it looks right): it must be a
   * SigV4 query-string-signed CopySnapshot of this snapshot, scoped to the source region's ec2
   * service and naming this region as the destination.
   */
  private String presignProblem(String url, String snapshotId, String sourceRegion) {
    if (url == null || url.isEmpty()) {
      return "required when SourceRegion (" + sourceRegion + ") is not this region (" + aws.region + ")";
    }
    java.net.URI u;
    try {
      u = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      return "not a URL";
    }
    if (u.getRawQuery() == null) {
      return "has no query string";
    }
    Map<String, String> q = FakeAwsServer.query(u.getRawQuery());
    Map<String, String> want = Map.of("Action", "CopySnapshot", "SourceSnapshotId", snapshotId, "SourceRegion", sourceRegion,
        "DestinationRegion", aws.region, "X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    for (Map.Entry<String, String> e : want.entrySet()) {
      if (!e.getValue().equals(q.get(e.getKey()))) {
        return e.getKey() + " is " + q.get(e.getKey()) + ", expected " + e.getValue();
      }
    }
    String credential = q.getOrDefault("X-Amz-Credential", "");
    if (!credential.endsWith("/" + sourceRegion + "/ec2/aws4_request")) {
      return "X-Amz-Credential " + credential + " is not scoped to " + sourceRegion + "/ec2";
    }
    if (!q.getOrDefault("X-Amz-Signature", "").matches("[0-9a-f]{64}")) {
      return "has no SigV4 signature";
    }
    return null;
  }
}

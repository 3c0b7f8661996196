package dev.snapfork.ebs.internal;

import dev.snapfork.spi.Checks;
import dev.snapfork.BackendFailureException;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 volume calls: clone (CreateVolume), get, list, delete. */
public final class VolumeOps {
  /** The clone parameters this backend reads. */
  public static final Set<String> PARAMETERS = Set.of("availabilityZone", "volumeType", "iops", "throughput", "encrypted", "kmsKeyId");
  private static final Set<String> TYPES = Set.of("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard");

  private final Ec2Client ec2;
  private final SnapshotOps snapshots;

  public VolumeOps(Ec2Client ec2, SnapshotOps snapshots) {
    this.ec2 = ec2;
    this.snapshots = snapshots;
  }

  public Volume create(CloneRequest request) {
    String snapshotId = EbsRules.snapshotId("snapshotId", request.snapshotId());
    for (String key : request.parameters().keySet()) {
      if (!PARAMETERS.contains(key)) {
        throw new InvalidRequestException("parameters[" + key + "]", "unknown parameter; the ebs provider reads " + new java.util.TreeSet<>(PARAMETERS));
      }
    }
    Optional<String> type = request.parameter("volumeType");
    type.ifPresent(t -> {
      if (!TYPES.contains(t)) {
        throw new InvalidRequestException("parameters[volumeType]", "must be one of " + new java.util.TreeSet<>(TYPES) + ", got '" + t + "'");
      }
    });
    Integer iops = integer(request, "iops", 100, 256_000);
    Integer throughput = integer(request, "throughput", 125, 2_000);
    Boolean encrypted = request.parameter("encrypted").map(v -> {
      if (!v.equals("true") && !v.equals("false")) {
        throw new InvalidRequestException("parameters[encrypted]", "must be true or false, got '" + v + "'");
      }
      return Boolean.valueOf(v);
    }).orElse(null);
    Map<String, String> labels = request.effectiveLabels();
    EbsRules.tags("labels", request.labels(), labels.size() + 1);
    List<Tag> tags = Mapping.toTags(labels, request.targetName());

    Snapshot snapshot = snapshots.get(snapshotId);
    if (snapshot.state() == dev.snapfork.SnapshotState.FAILED) {
      throw new BackendFailureException("snapshot " + snapshotId + " failed and cannot be cloned: " + snapshot.failureMessage().orElse(""), null);
    }
    if (!snapshot.ready()) {
      throw new BackendFailureException("snapshot " + snapshotId + " is not ready yet (state " + snapshot.state()
          + "); await it before cloning", null, true);
    }
    long snapBytes = snapshot.sizeBytes().orElse(0);
    Integer sizeGib = null;
    if (request.sizeBytes().isPresent()) {
      long want = request.sizeBytes().getAsLong();
      if (want < snapBytes) {
        throw new InvalidRequestException("sizeBytes", "must be at least the snapshot's size " + snapBytes + " bytes, got " + want);
      }
      sizeGib = (int) ((want + Mapping.GIB - 1) / Mapping.GIB);
    }
    Optional<Volume> earlier = find(List.of(SnapshotOps.tagFilter(Labels.REQUEST_ID, request.requestId()), managed())).stream().findFirst();
    if (earlier.isPresent()) {
      return earlier.get();
    }
    List<Volume> sameName = find(List.of(SnapshotOps.tagFilter(EbsRules.NAME_TAG, request.targetName()), managed()));
    if (!sameName.isEmpty()) {
      throw new ConflictException("volume name '" + request.targetName() + "' is taken by " + sameName.get(0).ref(), null, false);
    }
    String zone = request.parameter("availabilityZone").orElseGet(() -> sourceZone(snapshot));
    Integer size = sizeGib;
    CreateVolumeResponse r = Ec2Calls.call("CreateVolume", "snapshot", snapshotId, () -> ec2.createVolume(CreateVolumeRequest.builder()
        .snapshotId(snapshotId).availabilityZone(zone).volumeType(type.orElse(null)).size(size).iops(iops).throughput(throughput)
        .encrypted(encrypted).kmsKeyId(request.parameter("kmsKeyId").orElse(null)).clientToken(clientToken(request.requestId()))
        .tagSpecifications(Mapping.spec(ResourceType.VOLUME, tags)).build()));
    snapshots.recent().record(r.volumeId());
    return Mapping.volume(software.amazon.awssdk.services.ec2.model.Volume.builder()
        .volumeId(r.volumeId()).size(r.size()).snapshotId(r.snapshotId() == null ? snapshotId : r.snapshotId())
        .availabilityZone(r.availabilityZone()).state(r.stateAsString()).createTime(r.createTime()).volumeType(r.volumeTypeAsString())
        .iops(r.iops()).throughput(r.throughput()).encrypted(r.encrypted()).kmsKeyId(r.kmsKeyId())
        .tags(r.hasTags() && !r.tags().isEmpty() ? r.tags() : tags).build());
  }

  /**
   * DescribeVolumes of one id; a volume this instance created within the consistency grace that
   * EC2 does not show yet is described again with backoff until the grace ends.
   */
  public Volume get(VolumeRef ref) {
    String id = EbsRules.volumeId("volume", Checks.notNull("volume", ref).id());
    return snapshots.recent().retryNotFound(id, () -> describeOne(id));
  }

  private Volume describeOne(String id) {
    DescribeVolumesResponse r = Ec2Calls.call("DescribeVolumes", "volume", id, () -> ec2.describeVolumes(b -> b.volumeIds(id)));
    if (!r.hasVolumes() || r.volumes().isEmpty()) {
      throw new NotFoundException("volume", id);
    }
    return Mapping.volume(r.volumes().get(0));
  }

  /** The raw EC2 volumes with these ids (for group cuts). */
  public static List<software.amazon.awssdk.services.ec2.model.Volume> describe(Ec2Client ec2, List<String> ids) {
    DescribeVolumesResponse r = Ec2Calls.call("DescribeVolumes", "volume", ids.size() == 1 ? ids.get(0) : String.join(",", ids),
        () -> ec2.describeVolumes(b -> b.volumeIds(ids)));
    return r.volumes();
  }

  public Page<Volume> list(VolumeFilter filter, PageRequest page) {
    List<Filter> filters = new ArrayList<>();
    filter.labels().forEach((k, v) -> filters.add(SnapshotOps.tagFilter(k, v)));
    return Listing.page(page, 5, 500, (token, max) -> {
      DescribeVolumesResponse r = Ec2Calls.call("DescribeVolumes", "volume", null, () -> ec2.describeVolumes(
          DescribeVolumesRequest.builder().filters(filters).maxResults(max).nextToken(token).build()));
      return new Listing.AwsPage<>(r.volumes().stream().map(Mapping::volume).toList(), Optional.ofNullable(r.nextToken()));
    });
  }

  public boolean delete(VolumeRef ref, boolean force) {
    Volume v;
    try {
      v = get(ref);
    } catch (NotFoundException e) {
      return false;
    }
    if (!v.managed() && !force) {
      throw new ConflictException("volume " + v.ref() + " is not managed by Snapfork (no " + Labels.MANAGED_BY
          + " tag); pass force to delete it anyway", null, false);
    }
    try {
      Ec2Calls.call("DeleteVolume", "volume", v.ref().id(), () -> ec2.deleteVolume(b -> b.volumeId(v.ref().id())));
      return true;
    } catch (NotFoundException e) {
      return false;
    } finally {
      snapshots.recent().forget(v.ref().id());
    }
  }

  private String sourceZone(Snapshot snapshot) {
    try {
      return get(snapshot.source()).attributes().get("ebs.availability-zone");
    } catch (NotFoundException | InvalidRequestException e) {
      throw new InvalidRequestException("parameters[availabilityZone]",
          "is required: the snapshot's source volume " + snapshot.source() + " no longer exists to take its zone from");
    }
  }

  private List<Volume> find(List<Filter> filters) {
    List<Volume> out = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      DescribeVolumesResponse r = Ec2Calls.call("DescribeVolumes", "volume", null,
          () -> ec2.describeVolumes(DescribeVolumesRequest.builder().filters(filters).maxResults(500).nextToken(t).build()));
      r.volumes().forEach(v -> out.add(Mapping.volume(v)));
      token = r.nextToken() == null || r.nextToken().isEmpty() ? null : r.nextToken();
    } while (token != null);
    return out;
  }

  private static Filter managed() {
    return SnapshotOps.tagFilter(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  private static Integer integer(CloneRequest request, String key, int min, int max) {
    return request.parameter(key).map(v -> {
      try {
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
          throw new InvalidRequestException("parameters[" + key + "]", "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("parameters[" + key + "]", "must be an integer, got '" + v + "'");
      }
    }).orElse(null);
  }

  /** EC2 client tokens are at most 64 ASCII characters: long request ids are hashed. */
  static String clientToken(String requestId) {
    if (requestId.length() <= 64) {
      return requestId;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(requestId.getBytes(StandardCharsets.UTF_8));
      return "sf-" + HexFormat.of().formatHex(d, 0, 30);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group snapshots. When {@code groupsnapshot.storage.k8s.io} is served and a label selector over
 * the PVCs' <em>existing</em> labels matches exactly the requested PVCs (the configured
 * {@code group-selector}, else the labels all requested PVCs share), one VolumeGroupSnapshot is
 * created; the snapshot controller makes one member VolumeSnapshot per PVC, which are found
 * through their {@code status.volumeGroupSnapshotName}, labelled with their request's labels and
 * the group id, and returned at their cut in request order. Source PVCs are never modified, so
 * when no such selector exists (or the PVCs span namespaces) the members are cut as individual
 * VolumeSnapshots carrying the group-id label, all created before any cut is awaited.
 *
 * <p>Throws {@link InvalidRequestException} for bad input before any call,
 * {@link UnsupportedCapabilityException} when the API group is not served,
 * {@link BackendFailureException} when the group reports {@code status.error},
 * {@link SnapshotTimeoutException} when the cut does not come within {@code cut-timeout}, and
 * translated API errors.
 */
public final class GroupOps {
  private static final Logger LOG = LoggerFactory.getLogger(GroupOps.class);
  private static final Backoff POLL = new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1), 2.0, 0.2);

  private final KubernetesClient client;
  private final CsiSettings settings;
  private final Calls calls;
  private final SnapshotOps snapshots;
  private final GroupApiDiscovery discovery;
  private final Optional<Map<String, String>> configuredSelector;

  public GroupOps(KubernetesClient client, CsiSettings settings, Calls calls, SnapshotOps snapshots,
      GroupApiDiscovery discovery, Optional<Map<String, String>> configuredSelector) {
    this.client = client;
    this.settings = settings;
    this.calls = calls;
    this.snapshots = snapshots;
    this.discovery = discovery;
    this.configuredSelector = configuredSelector;
  }

  /**
   * Parses {@code key=value,key=value} into equality selectors.
   *
   * @throws InvalidRequestException when a term is not {@code key=value} or breaks the label rules
   */
  public static Map<String, String> parseSelector(String field, String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String term : text.split(",")) {
      String t = term.trim();
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new InvalidRequestException(field, "must be key=value[,key=value...] (equality terms only), got '" + t + "'");
      }
      out.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
    }
    return K8sNames.labels(field, out);
  }

  /** Whether the cluster serves the group snapshot API (discovery, cached once it succeeds). */
  public boolean served() {
    return discovery.version().isPresent();
  }

  /** Cuts the group; see the class comment. */
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    List<SnapshotOps.Prepared> prepared = validate(groupId, requests);
    Optional<String> version = discovery.version();
    if (version.isEmpty()) {
      throw new UnsupportedCapabilityException("csi", Capability.NATIVE_GROUP);
    }
    Set<String> namespaces = prepared.stream().map(p -> p.source().namespace()).collect(Collectors.toSet());
    if (namespaces.size() == 1) {
      String ns = namespaces.iterator().next();
      Optional<GenericKubernetesResource> existing = findGroup(version.get(), ns, groupId);
      if (existing.isPresent()) {
        return members(version.get(), existing.get(), groupId, prepared);
      }
      Optional<Map<String, String>> selector = exactSelector(ns, prepared);
      if (selector.isPresent()) {
        return members(version.get(), createGroupObject(version.get(), ns, groupId, selector.get()), groupId, prepared);
      }
      LOG.info("group {}: no label selector over the PVCs' existing labels matches exactly {}; cutting the members as "
          + "individual VolumeSnapshots", groupId, prepared.stream().map(p -> p.source().id()).toList());
    } else {
      LOG.info("group {}: PVCs span namespaces {}; cutting the members as individual VolumeSnapshots", groupId, namespaces);
    }
    return individually(groupId, prepared);
  }

  private List<SnapshotOps.Prepared> validate(String groupId, List<SnapshotRequest> requests) {
    if (groupId == null || groupId.isBlank()) {
      throw new InvalidRequestException("groupId", "is required (non-blank)");
    }
    K8sNames.labelValue("groupId", groupId);
    if (requests == null || requests.isEmpty()) {
      throw new InvalidRequestException("requests", "must name at least one volume");
    }
    List<SnapshotOps.Prepared> out = new ArrayList<>();
    Map<String, Integer> sources = new HashMap<>();
    Set<String> requestIds = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i) == null) {
        throw new InvalidRequestException("requests[" + i + "]", "is required");
      }
      SnapshotOps.Prepared p;
      try {
        p = snapshots.prepare(requests.get(i));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("requests[" + i + "]." + e.field(), e.rule());
      }
      Integer earlier = sources.putIfAbsent(p.source().id(), i);
      if (earlier != null) {
        throw new InvalidRequestException("requests[" + i + "].source",
            "names PVC " + p.source().id() + " which requests[" + earlier + "] already names; a group cuts each volume once");
      }
      if (!requestIds.add(p.requestId())) {
        throw new InvalidRequestException("requests[" + i + "].requestId", "must differ between the members of a group");
      }
      out.add(p);
    }
    return out;
  }

  private Optional<GenericKubernetesResource> findGroup(String version, String ns, String groupId) {
    List<GenericKubernetesResource> found = calls.run(call("list", ns, null),
        () -> client.genericKubernetesResources(GroupApiDiscovery.context(version)).inNamespace(ns)
            .withLabel(Labels.GROUP_ID, groupId).list().getItems());
    return found.stream().filter(g -> Labels.isManaged(labels(g))).findFirst();
  }

  private Optional<Map<String, String>> exactSelector(String ns, List<SnapshotOps.Prepared> prepared) {
    Map<String, String> common = null;
    Set<String> wanted = new HashSet<>();
    for (SnapshotOps.Prepared p : prepared) {
      wanted.add(p.source().name());
      PersistentVolumeClaim pvc = calls.run(
          new ApiCall("get", "persistentvolumeclaims", "", "volume", ns, p.source().original()),
          () -> client.persistentVolumeClaims().inNamespace(ns).withName(p.source().name()).get());
      if (pvc == null) {
        throw new NotFoundException("volume", p.source().original(),
            "PersistentVolumeClaim " + p.source().id() + " not found (or namespace '" + ns + "' does not exist)", null);
      }
      Map<String, String> l = pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels();
      if (common == null) {
        common = new LinkedHashMap<>(l);
      } else {
        common.entrySet().retainAll(l.entrySet());
      }
    }
    Map<String, String> selector = configuredSelector.orElse(common);
    if (selector == null || selector.isEmpty()) {
      return Optional.empty();
    }
    Set<String> matched = calls.run(new ApiCall("list", "persistentvolumeclaims", "", "volume", ns, null),
        () -> client.persistentVolumeClaims().inNamespace(ns).withLabels(selector).list().getItems()).stream()
        .map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
    return matched.equals(wanted) ? Optional.of(selector) : Optional.empty();
  }

  private GenericKubernetesResource createGroupObject(String version, String ns, String groupId, Map<String, String> selector) {
    String name = "snapfork-group-" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL, 36);
    Map<String, String> labels = Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.REQUEST_ID, groupId,
        Labels.GROUP_ID, groupId);
    GenericKubernetesResource g = new GenericKubernetesResourceBuilder()
        .withApiVersion(GroupApiDiscovery.GROUP + "/" + version).withKind("VolumeGroupSnapshot")
        .withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
        .addToAdditionalProperties("spec", Map.of("source", Map.of("selector", Map.of("matchLabels", selector))))
        .build();
    return calls.run(call("create", ns, ns + "/" + name),
        () -> client.genericKubernetesResources(GroupApiDiscovery.context(version)).inNamespace(ns).resource(g).create());
  }

  /** Waits for the group's cut and its members, labels the members, and returns them at their cut in request order. */
  private List<Snapshot> members(String version, GenericKubernetesResource group, String groupId,
      List<SnapshotOps.Prepared> prepared) {
    String ns = group.getMetadata().getNamespace();
    String name = group.getMetadata().getName();
    String id = ns + "/" + name;
    long deadline = System.nanoTime() + settings.cutTimeout().toNanos();
    Map<String, VolumeSnapshot> byPvc = Map.of();
    for (int attempt = 0; ; attempt++) {
      GenericKubernetesResource cur = calls.run(call("get", ns, id),
          () -> client.genericKubernetesResources(GroupApiDiscovery.context(version)).inNamespace(ns).withName(name).get());
      if (cur == null) {
        throw new NotFoundException("snapshot group", id, "VolumeGroupSnapshot " + id + " disappeared before its cut", null);
      }
      Object error = cur.get("status", "error", "message");
      if (error != null) {
        throw new BackendFailureException("group snapshot " + id + " failed: " + error
            + " (the VolumeGroupSnapshot remains; delete it)", null);
      }
      if (cur.get("status", "creationTime") != null) {
        Map<String, VolumeSnapshot> found = memberSnapshots(ns, name);
        byPvc = found;
        if (prepared.stream().allMatch(p -> found.containsKey(p.source().name()))) {
          break;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SnapshotTimeoutException("group snapshot " + id + " was not cut with all " + prepared.size()
            + " members within " + settings.cutTimeout(), settings.cutTimeout());
      }
      sleep(Math.min(left, POLL.delay(attempt).toNanos()));
    }
    List<Snapshot> out = new ArrayList<>();
    for (SnapshotOps.Prepared p : prepared) {
      VolumeSnapshot member = byPvc.get(p.source().name());
      Map<String, String> wanted = new LinkedHashMap<>(p.labels());
      wanted.put(Labels.GROUP_ID, groupId);
      if (!SnapshotOps.labelsOf(member).entrySet().containsAll(wanted.entrySet())) {
        String memberName = member.getMetadata().getName();
        // A merge patch carries no resourceVersion: it cannot conflict with the controller's status writes.
        String patch = client.getKubernetesSerialization().asJson(Map.of("metadata", Map.of("labels", wanted)));
        member = calls.run(new ApiCall("patch", "volumesnapshots", SnapshotOps.GROUP, "snapshot", ns, ns + "/" + memberName),
            () -> SnapshotOps.ops(client).inNamespace(ns).withName(memberName)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
      }
      out.add(snapshots.toCutSnapshot(member));
    }
    return out;
  }

  /** The group's member VolumeSnapshots by source PVC name (those whose status names the group). */
  private Map<String, VolumeSnapshot> memberSnapshots(String ns, String groupName) {
    Map<String, VolumeSnapshot> out = new HashMap<>();
    for (VolumeSnapshot vs : calls.run(new ApiCall("list", "volumesnapshots", SnapshotOps.GROUP, "snapshot", ns, null),
        () -> SnapshotOps.ops(client).inNamespace(ns).list().getItems())) {
      if (vs.getStatus() != null && groupName.equals(vs.getStatus().getVolumeGroupSnapshotName())
          && vs.getSpec() != null && vs.getSpec().getSource() != null
          && vs.getSpec().getSource().getPersistentVolumeClaimName() != null && !SnapshotMapper.isDeleting(vs)) {
        out.put(vs.getSpec().getSource().getPersistentVolumeClaimName(), vs);
      }
    }
    return out;
  }

  private List<Snapshot> individually(String groupId, List<SnapshotOps.Prepared> prepared) {
    List<VolumeSnapshot> created = new ArrayList<>();
    for (SnapshotOps.Prepared p : prepared) {
      created.add(snapshots.findOrCreate(p, Map.of(Labels.GROUP_ID, groupId)));
    }
    return created.stream().map(snapshots::toCutSnapshot).toList();
  }

  /**
   * Called after a member of group {@code groupName} was deleted: when no member remains (or all
   * are being deleted), deletes the VolumeGroupSnapshot if Snapfork made it. Errors are logged,
   * not thrown: the member's deletion already succeeded.
   */
  public void memberDeleted(String ns, String groupName) {
    Optional<String> version = discovery.version();
    if (version.isEmpty()) {
      return;
    }
    try {
      if (!memberSnapshots(ns, groupName).isEmpty()) {
        return;
      }
      GenericKubernetesResource g = calls.run(call("get", ns, ns + "/" + groupName),
          () -> client.genericKubernetesResources(GroupApiDiscovery.context(version.get())).inNamespace(ns)
              .withName(groupName).get());
      if (g != null && Labels.isManaged(labels(g))) {
        calls.run(call("delete", ns, ns + "/" + groupName),
            () -> client.genericKubernetesResources(GroupApiDiscovery.context(version.get())).inNamespace(ns)
                .withName(groupName).delete());
      }
    } catch (dev.snapfork.SnapshotException e) {
      LOG.warn("the last member of VolumeGroupSnapshot {}/{} was deleted but the group could not be cleaned up: {}; "
          + "delete it by its label {}", ns, groupName, e.getMessage(), Labels.GROUP_ID);
    }
  }

  private static Map<String, String> labels(GenericKubernetesResource g) {
    return g.getMetadata().getLabels() == null ? Map.of() : g.getMetadata().getLabels();
  }

  private static ApiCall call(String verb, String ns, String id) {
    return new ApiCall(verb, "volumegroupsnapshots", GroupApiDiscovery.GROUP, "snapshot group", ns, id);
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(1, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.snapfork.UnavailableException("interrupted while waiting for a group snapshot's cut", e);
    }
  }
}

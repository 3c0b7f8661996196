package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotClass;
import dev.snapfork.csi.internal.model.VolumeSnapshotContent;
import dev.snapfork.csi.internal.model.VolumeSnapshotSpec;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** VolumeSnapshot create, get, list, delete and wait. */
public final class SnapshotOps {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotOps.class);
  static final String GROUP = "snapshot.storage.k8s.io";

  private final KubernetesClient client;
  private final CsiSettings settings;
  private final Calls calls;
  private final WatchHub hub;
  private final DefaultClassResolver defaultClass;
  private volatile java.util.function.BiConsumer<String, String> groupMemberDeleted = (ns, group) -> {};
  private final MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> snapshots;

  public SnapshotOps(KubernetesClient client, CsiSettings settings, Calls calls, WatchHub hub) {
    this.client = client;
    this.settings = settings;
    this.calls = calls;
    this.hub = hub;
    this.defaultClass = new DefaultClassResolver(client, calls);
    this.snapshots = client.resources(VolumeSnapshot.class);
  }

  /** The resource operations for VolumeSnapshots (shared with the watch hub). */
  public static MixedOperation<VolumeSnapshot, KubernetesResourceList<VolumeSnapshot>, Resource<VolumeSnapshot>> ops(
      KubernetesClient client) {
    return client.resources(VolumeSnapshot.class);
  }

  private static ApiCall call(String verb, String namespace, String id) {
    return new ApiCall(verb, "volumesnapshots", GROUP, "snapshot", namespace, id);
  }

  /** Called with (namespace, VolumeGroupSnapshot name) after a member of a group was deleted. */
  public void onGroupMemberDeleted(java.util.function.BiConsumer<String, String> callback) {
    this.groupMemberDeleted = callback;
  }

  /** Validates everything in {@code request} against Kubernetes rules; no API call. */
  public Prepared prepare(SnapshotRequest request) {
    if (request == null) {
      throw new InvalidRequestException("request", "is required");
    }
    ObjectRef source = ObjectRef.parse("source", request.source().id(), settings.namespace());
    String name = request.name().map(n -> K8sNames.objectName("name", n)).orElse(null);
    Map<String, String> labels = K8sNames.labels("labels", request.effectiveLabels());
    return new Prepared(source, name, labels, request.requestId());
  }

  /** A validated create request. */
  public record Prepared(ObjectRef source, String name, Map<String, String> labels, String requestId) {}

  /** Creates (or finds, by request id) the VolumeSnapshot and waits for the cut. */
  public Snapshot create(Prepared p) {
    return toCutSnapshot(findOrCreate(p, Map.of()));
  }

  /**
   * Creates or finds the object without waiting for the cut. An earlier object of this request
   * that is being deleted ({@code metadata.deletionTimestamp} set; the snapshot controller's
   * finalizers keep it until its content is gone) is never returned.
   *
   * @throws ConflictException (retryable) when the name is still held by this request's object
   *     being deleted; (not retryable) when it is held by an object of another request
   */
  public VolumeSnapshot findOrCreate(Prepared p, Map<String, String> extraLabels) {
    String ns = p.source().namespace();
    Optional<VolumeSnapshot> earlier = byRequestId(ns, p.requestId());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    PersistentVolumeClaim pvc = calls.run(
        new ApiCall("get", "persistentvolumeclaims", "", "volume", ns, p.source().original()),
        () -> client.persistentVolumeClaims().inNamespace(ns).withName(p.source().name()).get());
    if (pvc == null) {
      throw new NotFoundException("volume", p.source().original(),
          "PersistentVolumeClaim " + p.source().id() + " not found (or namespace '" + ns + "' does not exist)", null);
    }
    settings.snapshotClass().ifPresent(this::requireClass);
    Optional<String> snapshotClass = settings.snapshotClass().isPresent() ? settings.snapshotClass() : defaultClass.defaultFor(pvc);
    String name = p.name() != null ? p.name() : generatedName(p.source().name());
    Map<String, String> labels = new LinkedHashMap<>(p.labels());
    labels.putAll(extraLabels);
    VolumeSnapshotSpec spec = new VolumeSnapshotSpec();
    VolumeSnapshotSpec.Source src = new VolumeSnapshotSpec.Source();
    src.setPersistentVolumeClaimName(p.source().name());
    spec.setSource(src);
    snapshotClass.ifPresent(spec::setVolumeSnapshotClassName);
    VolumeSnapshot vs = new VolumeSnapshot();
    vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withLabels(labels).build());
    vs.setSpec(spec);
    String id = ns + "/" + name;
    try {
      return calls.run(call("create", ns, id), () -> snapshots.inNamespace(ns).resource(vs).create());
    } catch (ConflictException e) {
      VolumeSnapshot existing = calls.run(call("get", ns, id), () -> snapshots.inNamespace(ns).withName(name).get());
      boolean ours = existing != null && p.requestId().equals(labelsOf(existing).get(Labels.REQUEST_ID));
      if (ours && SnapshotMapper.isDeleting(existing)) {
        throw new ConflictException("VolumeSnapshot " + id + " of this request (request id " + p.requestId()
            + ") is being deleted (metadata.deletionTimestamp set, finalizers " + existing.getMetadata().getFinalizers()
            + "), so it is not returned as this create's result and its name is not free yet; retry once it is gone,"
            + " or use another name", e, true);
      }
      if (ours) {
        return existing;
      }
      throw new ConflictException("a VolumeSnapshot named " + id + " already exists and was not made by this request"
          + " (request id " + p.requestId() + ")", e, false);
    }
  }

  /**
   * Waits for the cut of an object this request created (or found by its request id). When the
   * object reports {@code status.error} instead, Snapfork deletes it (it made it, and a failed
   * VolumeSnapshot is of no use) unless {@code keep-failed-snapshots} is set, and throws.
   *
   * @throws BackendFailureException when the snapshot failed or is being deleted, saying whether
   *     the object was deleted or kept
   */
  public Snapshot toCutSnapshot(VolumeSnapshot created) {
    ObjectRef ref = new ObjectRef(created.getMetadata().getNamespace(), created.getMetadata().getName(),
        created.getMetadata().getNamespace() + "/" + created.getMetadata().getName());
    VolumeSnapshot cut = created;
    if (!SnapshotMapper.isCut(created) && SnapshotMapper.error(created).isEmpty()) {
      cut = hub.await(ref,
          v -> SnapshotMapper.isCut(v) || SnapshotMapper.error(v).isPresent() || SnapshotMapper.isDeleting(v),
          settings.cutTimeout(), "cut (status.creationTime set)");
    }
    Snapshot s = SnapshotMapper.toSnapshot(cut);
    if (SnapshotMapper.isCut(cut) && !SnapshotMapper.isDeleting(cut)) {
      return s;
    }
    if (SnapshotMapper.isDeleting(cut)) {
      throw new BackendFailureException("snapshot " + s.id() + " was not cut: it is being deleted", null);
    }
    throw new BackendFailureException("snapshot " + s.id() + " was not cut: " + s.failureMessage().orElse("no message")
        + " (" + disposeFailed(ref, cut) + ")", null);
  }

  /** Deletes a failed snapshot Snapfork made, unless configured to keep it; says what happened. */
  private String disposeFailed(ObjectRef ref, VolumeSnapshot failed) {
    if (settings.keepFailedSnapshots()) {
      return "the failed VolumeSnapshot is kept because snapfork.csi.keep-failed-snapshots is set; delete it when done";
    }
    if (!Labels.isManaged(labelsOf(failed))) {
      return "the VolumeSnapshot was not made by Snapfork and is left as it is";
    }
    try {
      delete(ref.id());
      return "Snapfork deleted the failed VolumeSnapshot; set snapfork.csi.keep-failed-snapshots=true to keep failed ones";
    } catch (RuntimeException e) {
      LOG.warn("could not delete failed VolumeSnapshot {}: {}", ref.id(), e.getMessage());
      return "deleting the failed VolumeSnapshot also failed (" + e.getMessage() + "); delete it yourself";
    }
  }

  private void requireClass(String className) {
    VolumeSnapshotClass c = calls.run(
        new ApiCall("get", "volumesnapshotclasses", GROUP, "snapshot class", null, className),
        () -> client.resources(VolumeSnapshotClass.class).withName(className).get());
    if (c == null) {
      throw new NotFoundException("snapshot class", className,
          "VolumeSnapshotClass '" + className + "' (snapfork.csi.snapshot-class) does not exist", null);
    }
  }

  private Optional<VolumeSnapshot> byRequestId(String ns, String requestId) {
    List<VolumeSnapshot> found = calls.run(call("list", ns, null),
        () -> snapshots.inNamespace(ns).withLabel(Labels.REQUEST_ID, requestId).list().getItems());
    // A deleting object (deletionTimestamp set, held by the snapshot controller's finalizers) is
    // not the live result of this request: shared/reference/csi-snapshot.md, "What a real
    // kube-apiserver does".
    return found.stream().filter(v -> Labels.isManaged(labelsOf(v)) && !SnapshotMapper.isDeleting(v)).findFirst();
  }

  private static String generatedName(String pvc) {
    String base = pvc.length() > 40 ? pvc.substring(0, 40) : pvc;
    while (base.endsWith("-") || base.endsWith(".")) {
      base = base.substring(0, base.length() - 1);
    }
    return "snapfork-" + base + "-" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL, 36);
  }

  static Map<String, String> labelsOf(VolumeSnapshot vs) {
    return vs.getMetadata().getLabels() == null ? Map.of() : vs.getMetadata().getLabels();
  }

  /** The raw object or null. */
  public VolumeSnapshot fetch(ObjectRef ref) {
    return calls.run(call("get", ref.namespace(), ref.original()),
        () -> snapshots.inNamespace(ref.namespace()).withName(ref.name()).get());
  }

  /** @throws NotFoundException when missing */
  public Snapshot get(String id) {
    ObjectRef ref = ObjectRef.parse("snapshotId", id, settings.namespace());
    VolumeSnapshot vs = fetch(ref);
    if (vs == null) {
      throw new NotFoundException("snapshot", id);
    }
    return SnapshotMapper.toSnapshot(vs);
  }

  /** One page; the source filter is applied client-side (the API has no field selector for it). */
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    if (filter == null) {
      throw new InvalidRequestException("filter", "is required");
    }
    if (page == null) {
      throw new InvalidRequestException("page", "is required");
    }
    K8sNames.labels("filter.labels", filter.labels());
    Optional<ObjectRef> source = filter.source().map(s -> ObjectRef.parse("filter.source", s.id(), settings.namespace()));
    String ns = source.map(ObjectRef::namespace).orElse(settings.namespace());
    PageToken.decode(page.token());
    return Pager.page(page,
        options -> calls.run(call("list", ns, null), () -> filter.labels().isEmpty()
            ? snapshots.inNamespace(ns).list(options)
            : snapshots.inNamespace(ns).withLabels(filter.labels()).list(options)),
        vs -> source.isEmpty() || (vs.getSpec() != null && vs.getSpec().getSource() != null
            && source.get().name().equals(vs.getSpec().getSource().getPersistentVolumeClaimName())),
        SnapshotMapper::toSnapshot);
  }

  /**
   * Deletes the snapshot. When its bound content has {@code deletionPolicy: Retain}, the physical
   * snapshot stays behind: the content is deleted too when it carries Snapfork's ownership label,
   * otherwise a warning says so.
   */
  public boolean delete(String id) {
    ObjectRef ref = ObjectRef.parse("snapshotId", id, settings.namespace());
    VolumeSnapshot vs = fetch(ref);
    if (vs == null || SnapshotMapper.isDeleting(vs)) {
      return false;
    }
    String contentName = vs.getStatus() == null ? null : vs.getStatus().getBoundVolumeSnapshotContentName();
    VolumeSnapshotContent content = null;
    if (contentName != null) {
      content = calls.run(new ApiCall("get", "volumesnapshotcontents", GROUP, "snapshot content", null, contentName),
          () -> client.resources(VolumeSnapshotContent.class).withName(contentName).get());
    }
    List<?> deleted = calls.run(call("delete", ref.namespace(), id),
        () -> snapshots.inNamespace(ref.namespace()).withName(ref.name()).delete());
    if (content != null && content.getSpec() != null && "Retain".equals(content.getSpec().getDeletionPolicy())) {
      Map<String, String> cl = content.getMetadata().getLabels() == null ? Map.of() : content.getMetadata().getLabels();
      if (Labels.isManaged(cl)) {
        calls.run(new ApiCall("delete", "volumesnapshotcontents", GROUP, "snapshot content", null, contentName),
            () -> client.resources(VolumeSnapshotContent.class).withName(contentName).delete());
      } else {
        LOG.warn("VolumeSnapshot {} deleted, but its VolumeSnapshotContent {} has deletionPolicy Retain and is not managed by "
            + "Snapfork: the physical snapshot is kept; delete the content yourself if it is no longer needed", id, contentName);
      }
    }
    String group = vs.getStatus() == null ? null : vs.getStatus().getVolumeGroupSnapshotName();
    if (group != null) {
      groupMemberDeleted.accept(ref.namespace(), group);
    }
    return deleted != null && !deleted.isEmpty();
  }

  /** Waits for readiness through the shared watch. */
  public Snapshot awaitReady(String id, Duration timeout) {
    ObjectRef ref = ObjectRef.parse("snapshotId", id, settings.namespace());
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new InvalidRequestException("timeout", "must be a positive duration, got " + timeout);
    }
    VolumeSnapshot vs = hub.await(ref,
        v -> SnapshotMapper.isReady(v) || SnapshotMapper.error(v).isPresent() || SnapshotMapper.isDeleting(v),
        timeout, "ready");
    Snapshot s = SnapshotMapper.toSnapshot(vs);
    switch (s.state()) {
      case READY:
        return s;
      case FAILED:
        throw new BackendFailureException("snapshot " + id + " failed: " + s.failureMessage().orElse("no message"), null);
      default:
        throw new NotFoundException("snapshot", id, "snapshot " + id + " is being deleted (metadata.deletionTimestamp set)"
            + " and will never be ready", null);
    }
  }
}

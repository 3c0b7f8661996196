package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Clones (a new PVC whose {@code dataSource} is the VolumeSnapshot) and PVC get, list and delete.
 * A clone is not waited for until Bound: with {@code WaitForFirstConsumer} storage classes a PVC
 * binds only when a pod uses it.
 */
public final class VolumeOps {
  /** Clone parameters this provider understands. */
  public static final Set<String> PARAMETERS = Set.of("storageClass", "accessModes");

  private final KubernetesClient client;
  private final CsiSettings settings;
  private final Calls calls;
  private final SnapshotOps snapshots;

  public VolumeOps(KubernetesClient client, CsiSettings settings, Calls calls, SnapshotOps snapshots) {
    this.client = client;
    this.settings = settings;
    this.calls = calls;
    this.snapshots = snapshots;
  }

  private static ApiCall call(String verb, String namespace, String id) {
    return new ApiCall(verb, "persistentvolumeclaims", "", "volume", namespace, id);
  }

  /** Creates (or finds, by request id) the clone PVC. */
  public Volume createVolume(CloneRequest request) {
    if (request == null) {
      throw new InvalidRequestException("request", "is required");
    }
    ObjectRef snap = ObjectRef.parse("snapshotId", request.snapshotId(), settings.namespace());
    String target = K8sNames.objectName("targetName", request.targetName());
    Map<String, String> labels = K8sNames.labels("labels", request.effectiveLabels());
    for (String key : request.parameters().keySet()) {
      if (!PARAMETERS.contains(key)) {
        throw new InvalidRequestException("parameters[" + key + "]", "is not a csi clone parameter; known: " + PARAMETERS);
      }
    }
    Optional<String> storageClass = request.parameter("storageClass").map(c -> K8sNames.objectName("parameters[storageClass]", c));
    Optional<List<String>> accessModes = request.parameter("accessModes").map(v -> List.of(v.split(",")));
    String ns = snap.namespace();

    List<PersistentVolumeClaim> earlier = calls.run(call("list", ns, null),
        () -> client.persistentVolumeClaims().inNamespace(ns).withLabel(Labels.REQUEST_ID, request.requestId()).list().getItems());
    for (PersistentVolumeClaim pvc : earlier) {
      // A claim being deleted (deletionTimestamp set, kept by its finalizers) is not this request's live result.
      if (Labels.isManaged(pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels())
          && pvc.getMetadata().getDeletionTimestamp() == null) {
        return VolumeMapper.toVolume(pvc);
      }
    }
    VolumeSnapshot vs = snapshots.fetch(snap);
    if (vs == null) {
      throw new NotFoundException("snapshot", request.snapshotId());
    }
    if (SnapshotMapper.isDeleting(vs)) {
      // A provisioner leaves a claim Pending forever when its snapshot data source is being deleted
      // (shared/reference/csi-snapshot.md, "What a real kube-apiserver does").
      throw new BackendFailureException("snapshot " + snap.id() + " is being deleted (metadata.deletionTimestamp set) and "
          + "cannot be a clone source: the provisioner would leave the new claim Pending forever", null);
    }
    if (!SnapshotMapper.isReady(vs)) {
      throw new BackendFailureException("snapshot " + snap.id() + " is not ready to clone (state "
          + SnapshotMapper.state(vs) + SnapshotMapper.error(vs).map(m -> ": " + m).orElse("") + ")", null);
    }
    OptionalLong restoreSize = vs.getStatus().getRestoreSize() == null ? OptionalLong.empty()
        : SnapshotMapper.bytes(vs.getStatus().getRestoreSize());
    if (request.sizeBytes().isPresent() && restoreSize.isPresent() && request.sizeBytes().getAsLong() < restoreSize.getAsLong()) {
      throw new InvalidRequestException("sizeBytes", "must be at least the snapshot's restoreSize " + restoreSize.getAsLong()
          + " bytes, got " + request.sizeBytes().getAsLong());
    }
    long size = request.sizeBytes().orElse(restoreSize.orElse(0));
    PersistentVolumeClaim source = null;
    String sourcePvc = vs.getSpec() == null || vs.getSpec().getSource() == null ? null : vs.getSpec().getSource().getPersistentVolumeClaimName();
    if (sourcePvc != null) {
      source = calls.run(call("get", ns, ns + "/" + sourcePvc),
          () -> client.persistentVolumeClaims().inNamespace(ns).withName(sourcePvc).get());
    }
    if (size <= 0 && source != null) {
      size = VolumeMapper.toVolume(source).sizeBytes().orElse(0);
    }
    if (size <= 0) {
      throw new InvalidRequestException("sizeBytes", "is required: snapshot " + snap.id() + " reports no restoreSize");
    }
    PersistentVolumeClaim src = source;
    List<String> modes = accessModes.orElseGet(() -> src != null && src.getSpec() != null && src.getSpec().getAccessModes() != null
        && !src.getSpec().getAccessModes().isEmpty() ? src.getSpec().getAccessModes() : List.of("ReadWriteOnce"));
    String cls = storageClass.or(settings::storageClass)
        .orElse(source != null && source.getSpec() != null ? source.getSpec().getStorageClassName() : null);
    PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(target).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec()
          .withAccessModes(modes)
          .withStorageClassName(cls)
          .withNewDataSource().withApiGroup(SnapshotOps.GROUP).withKind("VolumeSnapshot").withName(snap.name()).endDataSource()
          .withNewResources().addToRequests("storage", new Quantity(new BigDecimal(size).toPlainString())).endResources()
        .endSpec()
        .build();
    String id = ns + "/" + target;
    try {
      return VolumeMapper.toVolume(calls.run(call("create", ns, id),
          () -> client.persistentVolumeClaims().inNamespace(ns).resource(pvc).create()));
    } catch (ConflictException e) {
      PersistentVolumeClaim existing = calls.run(call("get", ns, id),
          () -> client.persistentVolumeClaims().inNamespace(ns).withName(target).get());
      if (existing != null && existing.getMetadata().getLabels() != null
          && request.requestId().equals(existing.getMetadata().getLabels().get(Labels.REQUEST_ID))) {
        if (existing.getMetadata().getDeletionTimestamp() != null) {
          throw new ConflictException("PersistentVolumeClaim " + id + " of this request (request id " + request.requestId()
              + ") is being deleted (metadata.deletionTimestamp set), so it is not returned as this clone's result and its "
              + "name is not free yet; retry once it is gone, or use another target name", e, true);
        }
        return VolumeMapper.toVolume(existing);
      }
      throw new ConflictException("a PersistentVolumeClaim named " + id + " already exists and was not made by this request", e, false);
    }
  }

  /** @throws NotFoundException when missing */
  public Volume getVolume(VolumeRef volume) {
    if (volume == null) {
      throw new InvalidRequestException("volume", "is required");
    }
    ObjectRef ref = ObjectRef.parse("volume", volume.id(), settings.namespace());
    PersistentVolumeClaim pvc = fetch(ref);
    if (pvc == null) {
      throw new NotFoundException("volume", volume.id());
    }
    return VolumeMapper.toVolume(pvc);
  }

  private PersistentVolumeClaim fetch(ObjectRef ref) {
    return calls.run(call("get", ref.namespace(), ref.original()),
        () -> client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).get());
  }

  /** One page of PVCs in the default namespace. */
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    if (filter == null) {
      throw new InvalidRequestException("filter", "is required");
    }
    if (page == null) {
      throw new InvalidRequestException("page", "is required");
    }
    K8sNames.labels("filter.labels", filter.labels());
    String ns = settings.namespace();
    return Pager.page(page,
        options -> calls.run(call("list", ns, null), () -> filter.labels().isEmpty()
            ? client.persistentVolumeClaims().inNamespace(ns).list(options)
            : client.persistentVolumeClaims().inNamespace(ns).withLabels(filter.labels()).list(options)),
        pvc -> true, VolumeMapper::toVolume);
  }

  /** Deletes a managed PVC (any PVC with {@code force}). */
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    if (volume == null) {
      throw new InvalidRequestException("volume", "is required");
    }
    ObjectRef ref = ObjectRef.parse("volume", volume.id(), settings.namespace());
    PersistentVolumeClaim pvc = fetch(ref);
    if (pvc == null || pvc.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (!force && !Labels.isManaged(pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels())) {
      throw new ConflictException("PersistentVolumeClaim " + ref.id() + " was not created by Snapfork (no "
          + Labels.MANAGED_BY + " label); pass force to delete it anyway", null, false);
    }
    List<?> deleted = calls.run(call("delete", ref.namespace(), volume.id()),
        () -> client.persistentVolumeClaims().inNamespace(ref.namespace()).withName(ref.name()).delete());
    return deleted != null && !deleted.isEmpty();
  }
}

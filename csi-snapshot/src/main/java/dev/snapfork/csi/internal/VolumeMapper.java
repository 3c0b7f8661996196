package dev.snapfork.csi.internal;

import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns a {@code PersistentVolumeClaim} into a {@link Volume}. */
public final class VolumeMapper {
  private VolumeMapper() {}

  /** The Snapfork view of {@code pvc}; the reference is {@code namespace/name}. */
  public static Volume toVolume(PersistentVolumeClaim pvc) {
    String ns = pvc.getMetadata().getNamespace();
    String name = pvc.getMetadata().getName();
    Optional<String> fromSnapshot = Optional.empty();
    TypedLocalObjectReference ds = pvc.getSpec() == null ? null : pvc.getSpec().getDataSource();
    if (ds != null && "VolumeSnapshot".equals(ds.getKind())) {
      fromSnapshot = Optional.of(ns + "/" + ds.getName());
    }
    OptionalLong size = OptionalLong.empty();
    if (pvc.getSpec() != null && pvc.getSpec().getResources() != null && pvc.getSpec().getResources().getRequests() != null) {
      Quantity q = pvc.getSpec().getResources().getRequests().get("storage");
      if (q != null) {
        size = SnapshotMapper.bytes(q);
      }
    }
    Optional<Instant> created = Optional.empty();
    try {
      if (pvc.getMetadata().getCreationTimestamp() != null) {
        created = Optional.of(Instant.parse(pvc.getMetadata().getCreationTimestamp()));
      }
    } catch (RuntimeException ignored) {
      // leave empty
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("csi.namespace", ns);
    if (pvc.getSpec() != null && pvc.getSpec().getStorageClassName() != null) {
      attrs.put("csi.storageClassName", pvc.getSpec().getStorageClassName());
    }
    if (pvc.getStatus() != null && pvc.getStatus().getPhase() != null) {
      attrs.put("csi.phase", pvc.getStatus().getPhase());
    }
    Map<String, String> labels = pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels();
    return new Volume(VolumeRef.of(ns + "/" + name), name, fromSnapshot, size, created, labels, attrs);
  }
}

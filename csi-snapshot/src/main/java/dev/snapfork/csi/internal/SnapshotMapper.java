package dev.snapfork.csi.internal;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns a {@code VolumeSnapshot} into a {@link Snapshot}, and answers questions about its status. */
public final class SnapshotMapper {
  private SnapshotMapper() {}

  /** Whether the point in time is fixed ({@code status.creationTime} set). */
  public static boolean isCut(VolumeSnapshot vs) {
    return vs.getStatus() != null && vs.getStatus().getCreationTime() != null;
  }

  /** Whether {@code status.readyToUse} is true. */
  public static boolean isReady(VolumeSnapshot vs) {
    return vs.getStatus() != null && Boolean.TRUE.equals(vs.getStatus().getReadyToUse());
  }

  /** The driver's error message, when {@code status.error} is set. */
  public static Optional<String> error(VolumeSnapshot vs) {
    VolumeSnapshotStatus s = vs.getStatus();
    if (s == null || s.getError() == null) {
      return Optional.empty();
    }
    String m = s.getError().getMessage();
    return Optional.of(m == null || m.isBlank() ? "the snapshot controller reported an error without a message" : m);
  }

  /** Whether the object is being deleted. */
  public static boolean isDeleting(VolumeSnapshot vs) {
    return vs.getMetadata().getDeletionTimestamp() != null;
  }

  /** The Snapfork state. */
  public static SnapshotState state(VolumeSnapshot vs) {
    if (isDeleting(vs)) {
      return SnapshotState.DELETING;
    }
    if (isReady(vs)) {
      return SnapshotState.READY;
    }
    if (error(vs).isPresent()) {
      return SnapshotState.FAILED;
    }
    return SnapshotState.PENDING;
  }

  /** The Snapfork view of {@code vs}. */
  public static Snapshot toSnapshot(VolumeSnapshot vs) {
    String ns = vs.getMetadata().getNamespace();
    String name = vs.getMetadata().getName();
    VolumeSnapshotStatus st = vs.getStatus();
    String pvc = vs.getSpec() == null || vs.getSpec().getSource() == null ? null : vs.getSpec().getSource().getPersistentVolumeClaimName();
    String content = vs.getSpec() == null || vs.getSpec().getSource() == null ? null : vs.getSpec().getSource().getVolumeSnapshotContentName();
    VolumeRef source = VolumeRef.of(ns + "/" + (pvc != null ? pvc : "content:" + content));
    // status.creationTime is the cut (shared/reference/csi-snapshot.md); a snapshot without it was
    // never cut and has no cut time: Instant.EPOCH, the API's "none" (not the object's creation).
    Instant cutAt = parse(st == null ? null : st.getCreationTime()).orElse(Instant.EPOCH);
    OptionalLong size = OptionalLong.empty();
    if (st != null && st.getRestoreSize() != null) {
      size = bytes(st.getRestoreSize());
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("csi.namespace", ns);
    attrs.put("csi.cut", Boolean.toString(isCut(vs)));
    if (st != null && st.getBoundVolumeSnapshotContentName() != null) {
      attrs.put("csi.volumeSnapshotContentName", st.getBoundVolumeSnapshotContentName());
    }
    if (vs.getSpec() != null && vs.getSpec().getVolumeSnapshotClassName() != null) {
      attrs.put("csi.volumeSnapshotClassName", vs.getSpec().getVolumeSnapshotClassName());
    }
    if (st != null && st.getVolumeGroupSnapshotName() != null) {
      attrs.put("csi.volumeGroupSnapshotName", st.getVolumeGroupSnapshotName());
    }
    Map<String, String> labels = vs.getMetadata().getLabels() == null ? Map.of() : vs.getMetadata().getLabels();
    return new Snapshot(ns + "/" + name, name, source, state(vs), cutAt, size, labels, attrs, error(vs));
  }

  /** A quantity in bytes, if it parses. */
  public static OptionalLong bytes(Quantity q) {
    try {
      return OptionalLong.of(Quantity.getAmountInBytes(q).longValueExact());
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

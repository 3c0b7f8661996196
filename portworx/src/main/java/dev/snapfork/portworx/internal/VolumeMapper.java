package dev.snapfork.portworx.internal;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import dev.snapfork.portworx.internal.proto.VolumeState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps OpenStorage volumes to Snapfork values. In OpenStorage a snapshot is a read-only volume
 * whose {@code source.parent} is the snapshotted volume; a clone is a writable volume whose
 * parent is the snapshot.
 */
public final class VolumeMapper {
  /** Attribute: the OpenStorage volume state, e.g. {@code VOLUME_STATE_DETACHED}. */
  public static final String ATTR_STATE = "portworx.state";
  /** Attribute: the parent (source) id. */
  public static final String ATTR_PARENT = "portworx.parent";

  private VolumeMapper() {}

  /** Whether the inspected volume is a snapshot (read-only, with a parent). */
  public static boolean isSnapshot(SdkVolumeInspectResponse r) {
    return r.getVolume().getReadonly() && !r.getVolume().getSource().getParent().isEmpty();
  }

  /** The volume's id. */
  public static String id(SdkVolumeInspectResponse r) {
    return r.getVolume().getId();
  }

  /** The volume's name: the response's, else the locator's. */
  public static String name(SdkVolumeInspectResponse r) {
    return r.getName().isEmpty() ? r.getVolume().getLocator().getName() : r.getName();
  }

  /** The labels: the locator's, overlaid by the response's. */
  public static Map<String, String> labels(SdkVolumeInspectResponse r) {
    Map<String, String> locator = r.getVolume().getLocator().getVolumeLabelsMap();
    Map<String, String> response = r.getLabelsMap();
    if (locator.isEmpty() || locator.equals(response)) {
      return response;
    }
    if (response.isEmpty()) {
      return locator;
    }
    Map<String, String> all = new LinkedHashMap<>(locator);
    all.putAll(response);
    return all;
  }

  /** The parent id, empty when none. */
  public static String parent(SdkVolumeInspectResponse r) {
    return r.getVolume().getSource().getParent();
  }

  /** A snapshot value; the caller has checked {@link #isSnapshot}. */
  public static Snapshot snapshot(SdkVolumeInspectResponse r) {
    var v = r.getVolume();
    SnapshotState state = switch (v.getState()) {
      case VOLUME_STATE_PENDING, VOLUME_STATE_RESTORE -> SnapshotState.PENDING;
      case VOLUME_STATE_ERROR -> SnapshotState.FAILED;
      case VOLUME_STATE_DELETED -> SnapshotState.DELETING;
      default -> SnapshotState.READY;
    };
    Optional<String> failure = state == SnapshotState.FAILED
        ? Optional.of(v.getError().isEmpty() ? "volume state " + VolumeState.VOLUME_STATE_ERROR : v.getError())
        : Optional.empty();
    return new Snapshot(v.getId(), name(r), VolumeRef.of(parent(r)), state, created(r).orElse(Instant.EPOCH),
        size(r), labels(r), attributes(r), failure);
  }

  /** A volume value. */
  public static Volume volume(SdkVolumeInspectResponse r) {
    String parent = parent(r);
    return new Volume(VolumeRef.of(id(r)), name(r), parent.isEmpty() ? Optional.empty() : Optional.of(parent), size(r),
        created(r), labels(r), attributes(r));
  }

  private static OptionalLong size(SdkVolumeInspectResponse r) {
    long size = r.getVolume().getSpec().getSize();
    return size > 0 ? OptionalLong.of(size) : OptionalLong.empty();
  }

  private static Optional<Instant> created(SdkVolumeInspectResponse r) {
    if (!r.getVolume().hasCtime()) {
      return Optional.empty();
    }
    var t = r.getVolume().getCtime();
    return Optional.of(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
  }

  private static Map<String, String> attributes(SdkVolumeInspectResponse r) {
    String parent = parent(r);
    String state = r.getVolume().getState().name();
    return parent.isEmpty() ? Map.of(ATTR_STATE, state) : Map.of(ATTR_STATE, state, ATTR_PARENT, parent);
  }
}

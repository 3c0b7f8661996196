package dev.snapfork;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A point-in-time snapshot of one volume, as a provider reports it. Immutable.
 *
 * @param id the backend's snapshot id
 * @param name the name given at create (or generated)
 * @param source the volume it was taken from
 * @param state {@link SnapshotState#PENDING} once cut, {@link SnapshotState#READY} when usable
 * @param cutAt when the point in time was fixed; {@link Instant#EPOCH} when the backend reports no
 *     cut time (e.g. a snapshot that failed before it was cut)
 * @param sizeBytes the size of the source volume (the size a clone needs), if known
 * @param labels the labels (tags) on the snapshot, ownership labels included
 * @param attributes backend-specific read-only facts (e.g. {@code local.copy-method=reflink})
 * @param failureMessage the backend's message when {@code state} is {@link SnapshotState#FAILED}
 */
public record Snapshot(
    String id,
    String name,
    VolumeRef source,
    SnapshotState state,
    Instant cutAt,
    OptionalLong sizeBytes,
    Map<String, String> labels,
    Map<String, String> attributes,
    Optional<String> failureMessage) {

  public Snapshot {
    labels = Map.copyOf(labels);
    attributes = Map.copyOf(attributes);
    sizeBytes = sizeBytes == null ? OptionalLong.empty() : sizeBytes;
    failureMessage = failureMessage == null ? Optional.empty() : failureMessage;
  }

  /** Whether the snapshot carries Snapfork's ownership label. */
  public boolean managed() {
    return Labels.isManaged(labels);
  }

  /** Whether the snapshot is ready to clone or restore. */
  public boolean ready() {
    return state == SnapshotState.READY;
  }

  /** A copy in another state (and failure message), for providers reporting progress. */
  public Snapshot withState(SnapshotState newState, Optional<String> newFailureMessage) {
    return new Snapshot(id, name, source, newState, cutAt, sizeBytes, labels, attributes, newFailureMessage);
  }
}

package dev.snapfork;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A volume as a provider reports it; clones made by {@link SnapshotProvider#createVolume} are
 * volumes too. Immutable.
 *
 * @param ref the reference to pass back to the provider
 * @param name the volume's name
 * @param sourceSnapshotId the snapshot it was cloned from, if any
 * @param sizeBytes its size, if known
 * @param createdAt when it was created, if known
 * @param labels labels (tags), ownership labels included
 * @param attributes backend-specific read-only facts (e.g. {@code local.path})
 */
public record Volume(
    VolumeRef ref,
    String name,
    Optional<String> sourceSnapshotId,
    OptionalLong sizeBytes,
    Optional<Instant> createdAt,
    Map<String, String> labels,
    Map<String, String> attributes) {

  public Volume {
    labels = Map.copyOf(labels);
    attributes = Map.copyOf(attributes);
  }

  /** Whether the volume carries Snapfork's ownership label. */
  public boolean managed() {
    return Labels.isManaged(labels);
  }
}

package dev.snapfork;

/** Optional operations a provider may support; see {@link SnapshotProvider#capabilities()}. */
public enum Capability {
  /** {@link SnapshotProvider#createVolume}: clone a ready snapshot into a new writable volume. */
  CLONE,
  /** {@link SnapshotProvider#restore}: overwrite the source volume with a snapshot, in place. */
  RESTORE_IN_PLACE,
  /** {@link SnapshotProvider#listVolumes} and {@link SnapshotProvider#deleteVolume}. */
  VOLUME_MANAGEMENT,
  /** {@link SnapshotProvider#createGroup}: one native call cuts several volumes at one instant. */
  NATIVE_GROUP,
  /** Snapshots and clones share blocks with their source (reflink, redirect-on-write). */
  COPY_ON_WRITE,
  /** Snapshots can be copied to another region or cluster. */
  CROSS_REGION_COPY,
  /** Changed blocks between two snapshots can be listed. */
  CHANGED_BLOCKS
}

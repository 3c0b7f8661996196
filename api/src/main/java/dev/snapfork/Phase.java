package dev.snapfork;

/** The phases of a consistent snapshot or fork, as reported to a {@link SnapshotListener}. */
public enum Phase {
  /** One hook quiescing its application. */
  QUIESCE,
  /** One volume's cut (or the native group cut), until the point in time is fixed. */
  CUT,
  /** One hook releasing its application. */
  RELEASE,
  /** The write freeze: from the first hook quiesced to the last hook released. */
  FREEZE,
  /** Waiting for the snapshot(s) to become ready. */
  READY,
  /** Cloning a ready snapshot into a new volume. */
  CLONE,
  /** Deleting what a failed or lifted-freeze attempt had already cut. */
  ROLLBACK
}

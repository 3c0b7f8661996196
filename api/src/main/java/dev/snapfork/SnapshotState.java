package dev.snapfork;

/** Where a snapshot is in its life. */
public enum SnapshotState {
  /**
   * Cut: the point in time is fixed, data may still be moving (EBS {@code pending}, CSI
   * {@code creationTime} set but not {@code readyToUse}). Hooks may be released; the snapshot
   * cannot be cloned on every backend yet.
   */
  PENDING,
  /** Complete and usable: can be cloned and restored. */
  READY,
  /** The backend reported a failure; see {@link Snapshot#failureMessage()}. Never becomes ready. */
  FAILED,
  /** Being deleted. */
  DELETING;

  /** Whether the state can no longer change to {@link #READY}. */
  public boolean isTerminalFailure() {
    return this == FAILED || this == DELETING;
  }
}

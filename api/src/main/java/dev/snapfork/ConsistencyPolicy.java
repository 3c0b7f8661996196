package dev.snapfork;

/** What the {@link Snapshotter} does when application consistency cannot be had. */
public enum ConsistencyPolicy {
  /**
   * Default. A failed quiesce means nothing is snapshotted; a cut that completes after the freeze
   * was lifted (watchdog, lost lock session) is deleted and the call fails with
   * {@link ConsistencyException}.
   */
  REQUIRE_APPLICATION_CONSISTENT,
  /**
   * Keep going without the freeze and keep the snapshot, reported as {@link Consistency#CRASH}.
   */
  ALLOW_CRASH_CONSISTENT
}

package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-call options of {@link Snapshotter#snapshot} and {@link Snapshotter#snapshotGroup}; unset
 * values take the {@link Snapshotter}'s defaults.
 *
 * @param waitForReady whether to wait (after release) until the snapshots are ready
 * @param readyTimeout how long to wait for readiness
 * @param policy what to do when application consistency cannot be had
 */
public record SnapshotOptions(boolean waitForReady, Optional<Duration> readyTimeout, Optional<ConsistencyPolicy> policy) {
  /** Return at the cut; the Snapshotter's defaults otherwise. */
  public static final SnapshotOptions DEFAULTS = new SnapshotOptions(false, Optional.empty(), Optional.empty());

  public SnapshotOptions {
    readyTimeout = readyTimeout == null ? Optional.empty() : readyTimeout;
    readyTimeout.ifPresent(t -> Checks.positive("readyTimeout", t));
    policy = policy == null ? Optional.empty() : policy;
  }

  /** These options, waiting for readiness. */
  public SnapshotOptions waitingForReady() {
    return new SnapshotOptions(true, readyTimeout, policy);
  }

  /** These options, waiting for readiness at most {@code timeout}. */
  public SnapshotOptions waitingForReady(Duration timeout) {
    return new SnapshotOptions(true, Optional.of(timeout), policy);
  }

  /** These options with {@code newPolicy}. */
  public SnapshotOptions withPolicy(ConsistencyPolicy newPolicy) {
    return new SnapshotOptions(waitForReady, readyTimeout, Optional.of(newPolicy));
  }
}

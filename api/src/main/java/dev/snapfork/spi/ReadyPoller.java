package dev.snapfork.spi;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import java.time.Duration;

/**
 * Waits for a snapshot to become ready by polling {@link SnapshotProvider#get} with a
 * {@link Backoff}, bounded by a deadline. The default {@link SnapshotProvider#awaitReady}.
 */
public final class ReadyPoller {
  private ReadyPoller() {}

  /**
   * Polls until ready, failed or the deadline.
   *
   * @throws SnapshotTimeoutException when the deadline passes first
   * @throws BackendFailureException when the snapshot reports {@link SnapshotState#FAILED}
   * @throws dev.snapfork.NotFoundException when the snapshot disappears
   * @throws SnapshotException when interrupted (the interrupt flag is kept)
   */
  public static Snapshot await(SnapshotProvider provider, String snapshotId, Duration timeout, Backoff backoff) {
    Checks.notBlank("snapshotId", snapshotId);
    Checks.positive("timeout", timeout);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    for (int attempt = 0; ; attempt++) {
      Snapshot s = provider.get(snapshotId);
      if (s.state() == SnapshotState.READY) {
        return s;
      }
      if (s.state() == SnapshotState.FAILED) {
        throw new BackendFailureException(
            "snapshot " + snapshotId + " failed: " + s.failureMessage().orElse("no reason given by the backend"), null);
      }
      if (s.state() == SnapshotState.DELETING) {
        throw new BackendFailureException("snapshot " + snapshotId + " is being deleted and will never be ready", null);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new SnapshotTimeoutException(
            "snapshot " + snapshotId + " not ready after " + timeout + " (state " + s.state() + ")",
            Duration.ofNanos(System.nanoTime() - start));
      }
      long sleep = Math.min(remaining, backoff.delay(attempt).toNanos());
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(Math.max(1, sleep));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SnapshotException("interrupted while waiting for snapshot " + snapshotId, e);
      }
    }
  }
}

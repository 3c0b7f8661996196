package dev.snapfork.testkit.internal;

import dev.snapfork.SnapshotException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Interruptible waits that turn an interrupt into a {@link SnapshotException}, keeping the flag. */
public final class Sleeper {
  private Sleeper() {}

  /** Sleeps {@code duration}; zero returns at once. @throws SnapshotException when interrupted */
  public static void sleep(Duration duration, String what) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while " + what, e);
    }
  }

  /** Waits until the latch opens. @throws SnapshotException when interrupted */
  public static void await(CountDownLatch latch, String what) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while " + what, e);
    }
  }
}

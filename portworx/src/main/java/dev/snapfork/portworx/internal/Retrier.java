package dev.snapfork.portworx.internal;

import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an operation again while it fails with a {@linkplain SnapshotException#retryable()
 * retryable} error, with capped exponential backoff and jitter, bounded by a number of attempts
 * and by an overall deadline. Non-retryable errors surface at once.
 */
public final class Retrier {
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);
  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration operationTimeout;

  /**
   * @param maxAttempts attempts in all, at least 1
   * @param backoff the delay between attempts
   * @param operationTimeout no new attempt starts after this much time has passed
   */
  public Retrier(int maxAttempts, Backoff backoff, Duration operationTimeout) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.operationTimeout = operationTimeout;
  }

  /**
   * Runs {@code op}, retrying transient failures.
   *
   * @param what a description for logs and messages (never containing secrets)
   * @throws SnapshotException the last failure, or a {@link SnapshotException} on interrupt
   */
  public <T> T run(String what, Supplier<T> op) {
    long start = System.nanoTime();
    long deadline = start + operationTimeout.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        return op.get();
      } catch (SnapshotException e) {
        if (!e.retryable() || attempt >= maxAttempts) {
          throw e;
        }
        long delay = backoff.delay(attempt - 1).toNanos();
        if (e instanceof UnavailableException u && u.suggestedDelay().isPresent()) {
          delay = Math.max(delay, u.suggestedDelay().get().toNanos());
        }
        if (System.nanoTime() + delay >= deadline) {
          throw e;
        }
        LOG.debug("{}: attempt {} of {} failed ({}); retrying in {} ms", what, attempt, maxAttempts, e.getMessage(),
            TimeUnit.NANOSECONDS.toMillis(delay));
        try {
          TimeUnit.NANOSECONDS.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          SnapshotException interrupted = new SnapshotException("interrupted while retrying " + what, ie);
          interrupted.addSuppressed(e);
          throw interrupted;
        }
      }
    }
  }
}

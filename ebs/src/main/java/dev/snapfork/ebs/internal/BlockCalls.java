package dev.snapfork.ebs.internal;

import dev.snapfork.NotFoundException;
import dev.snapfork.SnapshotException;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one EBS direct block call with this module's per-block retry: throttling lowers the
 * shared concurrency limit and retries after a jittered backoff; transient failures (5xx,
 * network) retry; "not found" retries only within the consistency grace (right after
 * StartSnapshot a new snapshot may briefly be unknown). Everything else is translated and thrown.
 */
public final class BlockCalls {
  private final AdaptiveLimiter limiter;
  private final Backoff backoff;
  private final int maxAttempts;
  private final long graceUntil;

  public BlockCalls(AdaptiveLimiter limiter, Backoff backoff, int maxAttempts, Duration consistencyGrace) {
    this.limiter = limiter;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.graceUntil = System.nanoTime() + consistencyGrace.toNanos();
  }

  /** Disables the not-found grace (for reads of completed snapshots). */
  public BlockCalls(AdaptiveLimiter limiter, Backoff backoff, int maxAttempts) {
    this.limiter = limiter;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.graceUntil = 0;
  }

  public <T> T run(String action, String snapshotId, long block, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      SnapshotException failure;
      boolean throttled;
      try {
        T out = call.get();
        limiter.onSuccess();
        return out;
      } catch (SdkException e) {
        throttled = AwsErrors.isThrottling(e);
        failure = AwsErrors.translate(e, "snapshot", snapshotId, action + " of block " + block + " of " + snapshotId);
      } catch (SnapshotException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new dev.snapfork.BackendFailureException(action + " of block " + block + " failed in the AWS SDK: " + e, e);
      }
      boolean retry;
      if (throttled) {
        limiter.onThrottle();
        retry = true;
      } else if (failure instanceof NotFoundException) {
        retry = System.nanoTime() < graceUntil;
      } else {
        retry = failure.retryable();
      }
      if (!retry || attempt + 1 >= maxAttempts) {
        throw failure;
      }
      try {
        Thread.sleep(Math.max(1, backoff.delay(attempt).toMillis()));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new SnapshotException("interrupted during " + action + " of block " + block, ie);
      }
    }
  }
}

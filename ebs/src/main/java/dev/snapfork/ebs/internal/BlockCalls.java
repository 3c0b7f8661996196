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
 * StartSnapshot a new snapshot may briefly be unknown); a short block body (HTTP 200 with fewer
 * bytes than the block) is asked again once, or up to {@value #SHORT_BLOCK_ATTEMPTS} times when
 * the body was cut off in transit. Missing credentials are a configuration error, never retried.
 * Everything else is translated and thrown.
 */
public final class BlockCalls {
  /** Attempts of a block whose body is cut off in transit (a body that ends cleanly but short gets 2). */
  static final int SHORT_BLOCK_ATTEMPTS = 3;
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

  /**
   * Runs {@code call} with the retry policy above.
   *
   * @param action the EBS direct API action, for messages
   * @param snapshotId the snapshot concerned, or null (StartSnapshot)
   * @param block the block index for per-block calls, or -1
   * @throws SnapshotException the translated failure once it is not retried any more
   */
  public <T> T run(String action, String snapshotId, long block, Supplier<T> call) {
    String what = describe(action, snapshotId, block);
    int shortAttempts = 0;
    for (int attempt = 0; ; attempt++) {
      SnapshotException failure;
      boolean throttled;
      ShortBlock shortBlock;
      try {
        T out = call.get();
        limiter.onSuccess();
        return out;
      } catch (SdkException e) {
        throttled = AwsErrors.isThrottling(e);
        shortBlock = AwsErrors.cause(e, ShortBlock.class);
        failure = AwsErrors.translate(e, "snapshot", snapshotId, what);
      } catch (SnapshotException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new dev.snapfork.BackendFailureException(what + " failed in the AWS SDK: " + e, e);
      }
      boolean retry;
      if (throttled) {
        limiter.onThrottle();
        retry = true;
      } else if (failure instanceof NotFoundException) {
        retry = System.nanoTime() < graceUntil;
      } else if (shortBlock != null) {
        // a short answer is asked again once; a body cut off in transit up to SHORT_BLOCK_ATTEMPTS times
        shortAttempts++;
        retry = shortAttempts < (shortBlock.truncated() ? SHORT_BLOCK_ATTEMPTS : 2);
        if (!retry || attempt + 1 >= maxAttempts) {
          throw new dev.snapfork.BackendFailureException(failure.getMessage() + " (" + shortAttempts + (shortAttempts == 1 ? " attempt)" : " attempts)"),
              failure.getCause(), failure.retryable());
        }
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
        throw new SnapshotException("interrupted during " + what, ie);
      }
    }
  }

  /** "PutSnapshotBlock of block 3 of snap-1", "CompleteSnapshot of snap-1", "StartSnapshot". */
  static String describe(String action, String snapshotId, long block) {
    if (block >= 0) {
      return action + " of block " + block + (snapshotId == null ? "" : " of " + snapshotId);
    }
    return snapshotId == null ? action : action + " of " + snapshotId;
  }
}

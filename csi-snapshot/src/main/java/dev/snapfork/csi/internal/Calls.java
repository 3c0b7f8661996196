package dev.snapfork.csi.internal;

import dev.snapfork.SnapshotException;
import dev.snapfork.spi.Backoff;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs API calls: translates their errors through {@link ErrorTranslator} and retries the
 * retryable ones (429, 5xx, unreachable) with capped exponential backoff and jitter, up to a
 * number of attempts.
 */
public final class Calls {
  private final Backoff backoff;
  private final int attempts;

  /** @param attempts total attempts per call, at least 1 */
  public Calls(Backoff backoff, int attempts) {
    this.backoff = backoff;
    this.attempts = Math.max(1, attempts);
  }

  /** Runs {@code body}, translating and retrying; returns its value. */
  public <T> T run(ApiCall call, Supplier<T> body) {
    for (int attempt = 0; ; attempt++) {
      try {
        return body.get();
      } catch (RuntimeException e) {
        SnapshotException translated = ErrorTranslator.translate(call, e);
        if (!translated.retryable() || attempt + 1 >= attempts) {
          throw translated;
        }
        sleep(call, backoff.delay(attempt).toNanos());
      }
    }
  }

  private static void sleep(ApiCall call, long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(1, nanos));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while retrying " + call.describe(), ie);
    }
  }
}

package dev.snapfork.spi;

import dev.snapfork.InvalidRequestException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter, for polling and for retrying transient errors.
 * Immutable.
 *
 * @param initial the first delay's upper bound
 * @param max the cap on any delay
 * @param multiplier growth per attempt (at least 1)
 * @param jitter the fraction of each delay that is random, 0 (none) to 1 (full jitter)
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
  /** Polling for readiness: 200 ms growing to 5 s, half jittered. */
  public static final Backoff POLLING = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 1.6, 0.5);
  /** Retrying transient errors: 100 ms growing to 10 s, fully jittered. */
  public static final Backoff RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 1.0);

  /** @throws InvalidRequestException when a value is out of range */
  public Backoff {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new InvalidRequestException("backoff.initial", "must be a positive duration");
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new InvalidRequestException("backoff.max", "must be at least backoff.initial");
    }
    if (!(multiplier >= 1.0)) {
      throw new InvalidRequestException("backoff.multiplier", "must be at least 1");
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new InvalidRequestException("backoff.jitter", "must be between 0 and 1");
    }
  }

  /** The uncapped-then-capped, un-jittered delay before attempt {@code attempt} (0-based). */
  public Duration ceiling(int attempt) {
    double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt));
    return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
  }

  /** The jittered delay before attempt {@code attempt} (0-based). */
  public Duration delay(int attempt) {
    long ceiling = ceiling(attempt).toNanos();
    long fixed = (long) (ceiling * (1.0 - jitter));
    long random = ceiling - fixed;
    return Duration.ofNanos(fixed + (random > 0 ? ThreadLocalRandom.current().nextLong(random + 1) : 0));
  }
}

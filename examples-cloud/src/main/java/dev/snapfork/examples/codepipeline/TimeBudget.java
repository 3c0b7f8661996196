package dev.snapfork.examples.codepipeline;

import java.time.Duration;
import java.util.Optional;

/**
 * How a fork fits in the Lambda's remaining time so that the database is never left quiesced when
 * the function is stopped: the hooks are quiesced for at most {@code quiesceTimeout} and released
 * by the watchdog at most {@code maxFreeze} after the first quiesce, and both end before
 * {@code remaining - reserve}; the reserve is kept for releasing the hooks and reporting the result
 * to CodePipeline. Readiness and the clone get what is left.
 *
 * @param quiesceTimeout the limit for one hook's quiesce
 * @param maxFreeze the longest freeze (the watchdog releases after it)
 * @param cutTimeout how long the cut may take (at most {@code maxFreeze})
 * @param readyTimeout what is left for readiness and the clone
 */
public record TimeBudget(Duration quiesceTimeout, Duration maxFreeze, Duration cutTimeout, Duration readyTimeout) {
  /** Below this, a fork is not attempted at all. */
  public static final Duration MINIMUM_USABLE = Duration.ofSeconds(2);

  /**
   * Plans a fork in {@code remaining}, keeping {@code reserve} free, never above the configured limits.
   *
   * @return empty when less than {@link #MINIMUM_USABLE} is left after the reserve: do not quiesce
   */
  public static Optional<TimeBudget> plan(Duration remaining, Duration reserve, Duration configuredQuiesce,
      Duration configuredFreeze, Duration configuredCut) {
    Duration usable = remaining.minus(reserve);
    if (usable.compareTo(MINIMUM_USABLE) < 0) {
      return Optional.empty();
    }
    Duration quiesce = min(configuredQuiesce, usable.dividedBy(4));
    Duration freeze = min(configuredFreeze, usable.dividedBy(2));
    Duration cut = min(configuredCut, freeze);
    Duration ready = usable.minus(quiesce).minus(freeze);
    return Optional.of(new TimeBudget(quiesce, freeze, cut, ready.isNegative() || ready.isZero() ? Duration.ofMillis(1) : ready));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

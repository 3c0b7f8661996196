package dev.snapfork.examples.codepipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeBudgetTest {
  private static final Duration QUIESCE = Duration.ofSeconds(30);
  private static final Duration FREEZE = Duration.ofSeconds(10);
  private static final Duration CUT = Duration.ofMinutes(2);

  @Test
  void plentyOfTimeKeepsTheConfiguredLimits() {
    TimeBudget b = TimeBudget.plan(Duration.ofMinutes(15), Duration.ofSeconds(15), QUIESCE, FREEZE, CUT).orElseThrow();
    assertThat(b.maxFreeze()).isEqualTo(FREEZE);
    assertThat(b.quiesceTimeout()).isEqualTo(QUIESCE);
    assertThat(b.cutTimeout()).isEqualTo(FREEZE);
    assertThat(b.readyTimeout()).isEqualTo(Duration.ofMinutes(15).minusSeconds(15 + 30 + 10));
  }

  @Test
  void theHooksAreAlwaysReleasedBeforeTheReserveStarts() {
    for (long s = 3; s < 120; s += 7) {
      Duration remaining = Duration.ofSeconds(s);
      Duration reserve = Duration.ofSeconds(1);
      TimeBudget b = TimeBudget.plan(remaining, reserve, QUIESCE, FREEZE, CUT).orElseThrow();
      assertThat(b.quiesceTimeout().plus(b.maxFreeze())).as("remaining %s", remaining)
          .isLessThanOrEqualTo(remaining.minus(reserve));
      assertThat(b.cutTimeout()).isLessThanOrEqualTo(b.maxFreeze());
    }
  }

  @Test
  void tooLittleTimeMeansNoAttempt() {
    assertThat(TimeBudget.plan(Duration.ofSeconds(16), Duration.ofSeconds(15), QUIESCE, FREEZE, CUT)).isEmpty();
  }
}

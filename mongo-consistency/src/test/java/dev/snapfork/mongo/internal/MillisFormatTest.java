package dev.snapfork.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The held-time metadata keeps the format it had with {@code %.3f}. */
class MillisFormatTest {
  @Test
  void formatsLikePercentPoint3f() {
    for (long nanos : new long[] {0, 499, 500, 1_000, 9_000, 10_000, 99_000, 100_000, 1_234_567, 12_345_678_901L, 999_999_999}) {
      assertThat(MongoLockHandle.millis3(nanos)).as("%d ns", nanos)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", Math.round(nanos / 1000.0) / 1000.0));
    }
  }
}

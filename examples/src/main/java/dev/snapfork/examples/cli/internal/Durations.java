package dev.snapfork.examples.cli.internal;

import java.time.Duration;

/** Short human renderings of durations: {@code 840ms}, {@code 12s}, {@code 4m05s}, {@code 2h03m}. */
public final class Durations {
  private Durations() {}

  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return ms % 1000 == 0 || s >= 10 ? s + "s" : String.format("%.1fs", ms / 1000.0);
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  /** Milliseconds, for JSON/YAML reports. */
  public static long millis(Duration d) {
    return d.toMillis();
  }
}

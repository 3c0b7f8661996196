package dev.snapfork.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations measured in one run, with the order statistics the reports print. */
final class Samples {
  private final List<Long> nanos = new ArrayList<>();

  void add(Duration d) {
    nanos.add(d.toNanos());
  }

  void addNanos(long n) {
    nanos.add(n);
  }

  int count() {
    return nanos.size();
  }

  double medianMillis() {
    return percentileMillis(50);
  }

  double percentileMillis(int p) {
    if (nanos.isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000.0;
  }

  double maxMillis() {
    return Collections.max(nanos) / 1_000_000.0;
  }
}

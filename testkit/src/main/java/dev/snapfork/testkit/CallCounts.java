package dev.snapfork.testkit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe call counters, one per {@link Operation}. Used by {@link InMemorySnapshotProvider}
 * and {@link FaultInjectingProvider} so tests can assert how often an operation reached the
 * backend (for example "no remote call was made"). Never throws.
 */
public final class CallCounts {
  private final Map<Operation, AtomicLong> counts = new EnumMap<>(Operation.class);

  /** New counters, all zero. */
  public CallCounts() {
    for (Operation op : Operation.values()) {
      counts.put(op, new AtomicLong());
    }
  }

  /** Adds one call of {@code op} and returns the new count (the 1-based number of this call). */
  public long increment(Operation op) {
    return counts.get(op).incrementAndGet();
  }

  /** How many calls of {@code op} were counted. */
  public long get(Operation op) {
    return counts.get(op).get();
  }

  /** The sum over all operations. */
  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** A snapshot of all counters. */
  public Map<Operation, Long> asMap() {
    Map<Operation, Long> copy = new EnumMap<>(Operation.class);
    counts.forEach((op, n) -> copy.put(op, n.get()));
    return copy;
  }

  /** Sets every counter back to zero. */
  public void reset() {
    counts.values().forEach(n -> n.set(0));
  }

  @Override
  public String toString() {
    return "CallCounts" + asMap();
  }
}

package dev.snapfork.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that moves only when told to, for deterministic latency tests with
 * {@link InMemorySnapshotProvider.Builder#clock(Clock)}. Thread-safe.
 */
public final class ManualClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  /** A clock standing at {@code start}, in UTC. */
  public ManualClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  private ManualClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  /** Moves the clock forward. @throws IllegalArgumentException for a negative amount */
  public synchronized void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative: " + amount);
    }
    now = now.plus(amount);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new ManualClock(now, newZone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}

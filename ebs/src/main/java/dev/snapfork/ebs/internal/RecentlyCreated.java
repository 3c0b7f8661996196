package dev.snapfork.ebs.internal;

import dev.snapfork.NotFoundException;
import dev.snapfork.SnapshotException;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The snapshot and volume ids this provider instance created in the last {@code grace}, for EC2's
 * eventual consistency: right after CreateSnapshot, CreateSnapshots, CopySnapshot or CreateVolume,
 * DescribeSnapshots / DescribeVolumes may briefly answer {@code InvalidSnapshot.NotFound} /
 * {@code InvalidVolume.NotFound} or leave the id out. A "not found" about an id recorded here is
 * retried with backoff until its grace ends; any other id fails at once. Memory is bounded by the
 * ids created within one grace period (older entries are pruned on every record). Thread-safe.
 */
public final class RecentlyCreated {
  private final long graceNanos;
  private final Backoff backoff;
  private final LongSupplier clock;
  private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();

  public RecentlyCreated(Duration grace, Backoff backoff) {
    this(grace, backoff, System::nanoTime);
  }

  RecentlyCreated(Duration grace, Backoff backoff, LongSupplier clock) {
    this.graceNanos = grace.toNanos();
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Records that this instance just created {@code id}. */
  public void record(String id) {
    if (id == null) {
      return;
    }
    long now = clock.getAsLong();
    prune(now);
    createdAt.put(id, now);
    order.add(new Entry(id, now));
  }

  /** Forgets {@code id} (it was deleted: "not found" about it is final now). */
  public void forget(String id) {
    createdAt.remove(id);
  }

  /** Whether {@code id} was created by this instance less than the grace ago. */
  public boolean inGrace(String id) {
    Long at = createdAt.get(id);
    return at != null && clock.getAsLong() - at < graceNanos;
  }

  /**
   * Runs {@code describe}; while it throws {@link NotFoundException} for an id still in its grace,
   * waits with backoff and runs it again. Other failures, and "not found" for other ids or after
   * the grace, propagate at once.
   */
  public <T> T retryNotFound(String id, Supplier<T> describe) {
    for (int attempt = 0; ; attempt++) {
      try {
        return describe.get();
      } catch (NotFoundException e) {
        Long at = createdAt.get(id);
        if (at == null) {
          throw e;
        }
        long left = at + graceNanos - clock.getAsLong();
        if (left <= 0) {
          throw e;
        }
        sleep(Math.min(left, backoff.delay(attempt).toNanos()), id);
      }
    }
  }

  /** How many ids are tracked now (for tests). */
  int size() {
    return createdAt.size();
  }

  private void prune(long now) {
    Entry head;
    while ((head = order.peek()) != null && now - head.at >= graceNanos) {
      if (order.remove(head)) {
        createdAt.remove(head.id, head.at);
      }
    }
  }

  private static void sleep(long nanos, String id) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while waiting for " + id + " to become visible in EC2", e);
    }
  }

  private record Entry(String id, long at) {}
}

package dev.snapfork.ebs.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits for many snapshots with one DescribeSnapshots call per poll round: every thread awaiting
 * a snapshot in this provider registers its id, and one poller thread describes all registered
 * ids together, then completes the waiters whose snapshots finished (ready, failed or gone).
 * Rounds back off with jitter; a newly registered id is polled within 50 ms (or the backoff's initial delay, if shorter) (waiters
 * arriving together share that first call).
 */
public final class ReadyBatcher implements AutoCloseable {
  /** A new waiter is polled after this short pause, so waiters arriving together share the first call. */
  private final long coalesceNanos;
  private final Function<List<String>, Map<String, Snapshot>> describe;
  private final Backoff backoff;
  private final java.util.function.Predicate<String> inGrace;
  private final ScheduledExecutorService poller;
  private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private ScheduledFuture<?> next;
  private long nextAt;
  private volatile boolean closed;
  private final java.util.concurrent.atomic.AtomicLong rounds = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param describe describes the given ids in one call; ids absent from the result no longer
   *     exist; throws a {@link SnapshotException} when the call fails
   */
  public ReadyBatcher(Function<List<String>, Map<String, Snapshot>> describe, Backoff backoff) {
    this(describe, backoff, id -> false);
  }

  /**
   * @param describe as above
   * @param inGrace whether an id missing from a describe may just not be visible yet (created by
   *     this instance within the consistency grace): such a waiter keeps polling instead of
   *     failing {@link NotFoundException}
   */
  public ReadyBatcher(Function<List<String>, Map<String, Snapshot>> describe, Backoff backoff,
      java.util.function.Predicate<String> inGrace) {
    this.inGrace = inGrace;
    this.describe = describe;
    this.backoff = backoff;
    this.coalesceNanos = Math.min(backoff.initial().toNanos(), TimeUnit.MILLISECONDS.toNanos(50));
    this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "snapfork-ebs-ready-poller");
      t.setDaemon(true);
      return t;
    });
  }

  /** Blocks until {@code id} is ready, failed, gone, or {@code timeout} passed. */
  public Snapshot await(String id, Duration timeout) {
    long start = System.nanoTime();
    Waiter w;
    synchronized (lock) {
      w = waiters.computeIfAbsent(id, k -> new Waiter());
      w.count++;
    }
    schedule(coalesceNanos);
    try {
      return w.future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      Snapshot last = w.last;
      throw new SnapshotTimeoutException("snapshot " + id + " not ready after " + timeout
          + (last == null ? "" : " (state " + last.state() + ", EBS progress " + last.attributes().getOrDefault("ebs.progress", "?") + ")"),
          Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while waiting for snapshot " + id, e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof SnapshotException se) {
        throw se;
      }
      throw new BackendFailureException("waiting for snapshot " + id + " failed: " + c, c);
    } finally {
      synchronized (lock) {
        if (--w.count == 0) {
          waiters.remove(id, w);
        }
      }
    }
  }

  /** How many poll rounds have run (each describes every id awaited at that moment). */
  public long rounds() {
    return rounds.get();
  }

  /** How many ids are being awaited now. */
  public int waiting() {
    return waiters.size();
  }

  private void schedule(long delayNanos) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      long at = System.nanoTime() + delayNanos;
      if (next != null && !next.isDone()) {
        if (nextAt <= at) {
          return;
        }
        next.cancel(false);
      }
      nextAt = at;
      next = poller.schedule(this::round, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void round() {
    List<String> ids = new ArrayList<>();
    waiters.forEach((id, w) -> {
      if (!w.future.isDone()) {
        ids.add(id);
      }
    });
    if (ids.isEmpty()) {
      return;
    }
    int attempt = Integer.MAX_VALUE;
    rounds.incrementAndGet();
    try {
      Map<String, Snapshot> found = describe.apply(ids);
      for (String id : ids) {
        Waiter w = waiters.get(id);
        if (w == null) {
          continue;
        }
        Snapshot s = found.get(id);
        if (s == null && inGrace.test(id)) {
          attempt = Math.min(attempt, w.rounds++);
        } else if (s == null) {
          w.future.completeExceptionally(new NotFoundException("snapshot", id, "no longer described by EC2", null));
        } else if (s.state() == SnapshotState.READY) {
          w.future.complete(s);
        } else if (s.state() == SnapshotState.FAILED) {
          w.future.completeExceptionally(new BackendFailureException("snapshot " + id + " failed: "
              + s.failureMessage().orElse("EBS reported state 'error'"), null));
        } else {
          w.last = s;
          attempt = Math.min(attempt, w.rounds++);
        }
      }
    } catch (SnapshotException e) {
      if (!e.retryable()) {
        for (String id : ids) {
          Waiter w = waiters.get(id);
          if (w != null) {
            w.future.completeExceptionally(e);
          }
        }
      } else {
        for (String id : ids) {
          Waiter w = waiters.get(id);
          if (w != null) {
            attempt = Math.min(attempt, w.rounds++);
          }
        }
      }
    } catch (RuntimeException e) {
      for (String id : ids) {
        Waiter w = waiters.get(id);
        if (w != null) {
          w.future.completeExceptionally(e);
        }
      }
    }
    synchronized (lock) {
      next = null;
    }
    if (!waiters.isEmpty()) {
      schedule(backoff.delay(attempt == Integer.MAX_VALUE ? 0 : attempt).toNanos());
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    poller.shutdownNow();
    for (Waiter w : waiters.values()) {
      w.future.completeExceptionally(new SnapshotException("the provider was closed while waiting"));
    }
  }

  private static final class Waiter {
    final CompletableFuture<Snapshot> future = new CompletableFuture<>();
    volatile Snapshot last;
    volatile int rounds;
    int count;
  }
}

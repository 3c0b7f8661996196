package dev.snapfork.testkit;

import dev.snapfork.CloneRequest;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.internal.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Wraps any {@link SnapshotProvider} and injects faults per {@link Operation}: an exception on the
 * n-th call, on the next call or on every call; a delay; or a hang that lasts until
 * {@link #release(Operation)} or until the calling thread is interrupted (to test orchestrator
 * watchdogs). Every call is counted ({@link #calls}) before any rule applies, so "the n-th call"
 * is the n-th call made, 1-based. Everything else is delegated. Thread-safe.
 *
 * <p>Rules are checked in this order on each call: hang, delay, failures (the first matching one
 * throws). A hang or delay interrupted throws {@link SnapshotException} with the interrupt flag
 * kept. The injected exceptions are thrown as given (the same instance each time unless a
 * supplier is used).
 *
 * <pre>{@code
 * FaultInjectingProvider p = FaultInjectingProvider.wrap(real)
 *     .failOnCall(Operation.CREATE, 1, new UnavailableException("burst", null))
 *     .hang(Operation.GET);
 * }</pre>
 */
public final class FaultInjectingProvider extends ForwardingSnapshotProvider {
  private final CallCounts counts = new CallCounts();
  private final Map<Operation, List<FailureRule>> failures = new EnumMap<>(Operation.class);
  private final Map<Operation, Duration> delays = new EnumMap<>(Operation.class);
  private final Map<Operation, CountDownLatch> hangs = new EnumMap<>(Operation.class);
  private final Map<Operation, AtomicInteger> hanging = new EnumMap<>(Operation.class);
  private final Object lock = new Object();

  private FaultInjectingProvider(SnapshotProvider delegate) {
    super(delegate);
    for (Operation op : Operation.values()) {
      hanging.put(op, new AtomicInteger());
    }
  }

  /** Wraps {@code delegate} with no rules. @throws NullPointerException when null */
  public static FaultInjectingProvider wrap(SnapshotProvider delegate) {
    return new FaultInjectingProvider(delegate);
  }

  // ---------------------------------------------------------------- rules

  /** Throws {@code failure} on the {@code nthCall}-th call (1-based) of {@code op}. */
  public FaultInjectingProvider failOnCall(Operation op, long nthCall, RuntimeException failure) {
    if (nthCall < 1) {
      throw new IllegalArgumentException("nthCall must be at least 1, got " + nthCall);
    }
    Objects.requireNonNull(failure, "failure");
    return addFailure(op, new FailureRule(n -> n == nthCall, () -> failure, true));
  }

  /** Throws {@code failure} on the next call of {@code op}, once. */
  public FaultInjectingProvider failNext(Operation op, RuntimeException failure) {
    Objects.requireNonNull(failure, "failure");
    return addFailure(op, new FailureRule(n -> true, () -> failure, true));
  }

  /** Throws {@code failure} on every call of {@code op} until {@link #clear(Operation)}. */
  public FaultInjectingProvider failAlways(Operation op, RuntimeException failure) {
    Objects.requireNonNull(failure, "failure");
    return failAlways(op, () -> failure);
  }

  /** Throws a fresh exception from {@code failure} on every call of {@code op} until cleared. */
  public FaultInjectingProvider failAlways(Operation op, Supplier<? extends RuntimeException> failure) {
    Objects.requireNonNull(failure, "failure");
    return addFailure(op, new FailureRule(n -> true, failure, false));
  }

  /** Delays every call of {@code op} by {@code delay} before delegating (or failing). */
  public FaultInjectingProvider delay(Operation op, Duration delay) {
    Objects.requireNonNull(op, "op");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    synchronized (lock) {
      delays.put(op, delay);
    }
    return this;
  }

  /**
   * Makes calls of {@code op} block until {@link #release(Operation)} (then they proceed to the
   * delegate) or until interrupted (then they throw {@link SnapshotException}).
   */
  public FaultInjectingProvider hang(Operation op) {
    Objects.requireNonNull(op, "op");
    synchronized (lock) {
      hangs.putIfAbsent(op, new CountDownLatch(1));
    }
    return this;
  }

  /** Lets every call hanging in {@code op} proceed and stops hanging new ones. */
  public void release(Operation op) {
    CountDownLatch latch;
    synchronized (lock) {
      latch = hangs.remove(op);
    }
    if (latch != null) {
      latch.countDown();
    }
  }

  /** How many calls of {@code op} are hanging right now. */
  public int hangingCalls(Operation op) {
    return hanging.get(op).get();
  }

  /**
   * Waits until at least one call of {@code op} is hanging.
   *
   * @return whether one was hanging before {@code timeout} passed
   * @throws SnapshotException when interrupted (the flag is kept)
   */
  public boolean awaitHanging(Operation op, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (hanging.get(op).get() == 0) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Sleeper.sleep(Duration.ofMillis(2), "waiting for a hanging " + op);
    }
    return true;
  }

  /** Removes every rule of {@code op} (and releases its hang). */
  public void clear(Operation op) {
    synchronized (lock) {
      failures.remove(op);
      delays.remove(op);
    }
    release(op);
  }

  /** Removes every rule. */
  public void clearAll() {
    for (Operation op : Operation.values()) {
      clear(op);
    }
  }

  /** How many calls of {@code op} were made (including failed and hanging ones). */
  public long calls(Operation op) {
    return counts.get(op);
  }

  /** The call counters. */
  public CallCounts callCounts() {
    return counts;
  }

  // ---------------------------------------------------------------- interception

  private FaultInjectingProvider addFailure(Operation op, FailureRule rule) {
    Objects.requireNonNull(op, "op");
    synchronized (lock) {
      failures.computeIfAbsent(op, k -> new ArrayList<>()).add(rule);
    }
    return this;
  }

  private void intercept(Operation op) {
    long n = counts.increment(op);
    CountDownLatch latch;
    Duration delay;
    synchronized (lock) {
      latch = hangs.get(op);
      delay = delays.get(op);
    }
    if (latch != null) {
      hanging.get(op).incrementAndGet();
      try {
        Sleeper.await(latch, "hanging in " + op + " (fault injection)");
      } finally {
        hanging.get(op).decrementAndGet();
      }
    }
    if (delay != null) {
      Sleeper.sleep(delay, "delayed in " + op + " (fault injection)");
    }
    RuntimeException failure = null;
    synchronized (lock) {
      List<FailureRule> rules = failures.get(op);
      if (rules != null) {
        for (int i = 0; i < rules.size(); i++) {
          FailureRule r = rules.get(i);
          if (r.matches.test(n)) {
            failure = r.failure.get();
            if (r.once) {
              rules.remove(i);
            }
            break;
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    intercept(Operation.CREATE);
    return super.create(request);
  }

  @Override
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    intercept(Operation.CREATE_GROUP);
    return super.createGroup(groupId, requests);
  }

  @Override
  public Snapshot get(String snapshotId) {
    intercept(Operation.GET);
    return super.get(snapshotId);
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    intercept(Operation.LIST);
    return super.list(filter, page);
  }

  @Override
  public boolean delete(String snapshotId) {
    intercept(Operation.DELETE);
    return super.delete(snapshotId);
  }

  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    intercept(Operation.AWAIT_READY);
    return super.awaitReady(snapshotId, timeout);
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    intercept(Operation.CREATE_VOLUME);
    return super.createVolume(request);
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    intercept(Operation.GET_VOLUME);
    return super.getVolume(volume);
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    intercept(Operation.LIST_VOLUMES);
    return super.listVolumes(filter, page);
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    intercept(Operation.DELETE_VOLUME);
    return super.deleteVolume(volume, force);
  }

  @Override
  public void restore(String snapshotId) {
    intercept(Operation.RESTORE);
    super.restore(snapshotId);
  }

  @Override
  public String toString() {
    return "FaultInjectingProvider{" + delegate() + "}";
  }

  private record FailureRule(java.util.function.LongPredicate matches, Supplier<? extends RuntimeException> failure,
      boolean once) {}
}

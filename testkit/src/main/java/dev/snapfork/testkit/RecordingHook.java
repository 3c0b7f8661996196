package dev.snapfork.testkit;

import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.spi.Checks;
import dev.snapfork.testkit.internal.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ConsistencyHook} for orchestrator tests that records every quiesce and release with a
 * {@link System#nanoTime()} timestamp and can be told to misbehave: fail on quiesce or release,
 * block on quiesce until {@link #unblockQuiesce()} or interrupted, report a lost freeze, or attach
 * snapshot labels. Several hooks may share one {@link Journal} to check ordering across hooks
 * ("released in reverse order"). Thread-safe.
 *
 * <p>{@link #quiesce} throws the configured {@link ConsistencyException} (or one saying it was
 * interrupted while blocked); {@link Handle#release()} throws the configured one after recording
 * the attempt, so a failing release still counts as released once.
 */
public final class RecordingHook implements ConsistencyHook {

  /** What happened. */
  public enum Kind {
    /** {@code quiesce} was entered. */
    QUIESCE_STARTED,
    /** {@code quiesce} returned a handle. */
    QUIESCED,
    /** {@code quiesce} threw. */
    QUIESCE_FAILED,
    /** {@code release} was called on a handle (whether or not it then failed). */
    RELEASED
  }

  /**
   * One recorded event.
   *
   * @param hook the hook's name
   * @param kind what happened
   * @param handle the handle's number (1-based per hook); 0 when no handle was made
   * @param nanoTime {@link System#nanoTime()} when it happened
   */
  public record Event(String hook, Kind kind, int handle, long nanoTime) {}

  /** An append-only, thread-safe list of events, shareable among hooks. */
  public static final class Journal {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    void add(Event e) {
      events.add(e);
    }

    /** Every event so far, in order. */
    public List<Event> events() {
      return List.copyOf(events);
    }

    /** The events of one kind, in order. */
    public List<Event> events(Kind kind) {
      return events.stream().filter(e -> e.kind() == kind).toList();
    }
  }

  private final String name;
  private final Journal journal;
  private final List<Handle> handles = new CopyOnWriteArrayList<>();
  private final AtomicInteger quiesceCalls = new AtomicInteger();
  private volatile ConsistencyException quiesceFailure;
  private volatile ConsistencyException releaseFailure;
  private volatile String freezeLost;
  private volatile Map<String, String> snapshotLabels = Map.of();
  private volatile CountDownLatch quiesceGate;
  private final AtomicInteger blocked = new AtomicInteger();

  /** A hook with its own journal. @throws dev.snapfork.InvalidRequestException for a blank name */
  public RecordingHook(String name) {
    this(name, new Journal());
  }

  /** A hook writing to a shared journal. @throws dev.snapfork.InvalidRequestException for a blank name */
  public RecordingHook(String name, Journal journal) {
    this.name = Checks.notBlank("name", name);
    this.journal = Objects.requireNonNull(journal, "journal");
  }

  @Override
  public String name() {
    return name;
  }

  // ---------------------------------------------------------------- behaviour

  /** Makes every later quiesce throw {@code failure}; null to stop. */
  public RecordingHook failOnQuiesce(ConsistencyException failure) {
    this.quiesceFailure = failure;
    return this;
  }

  /** Makes every later release throw {@code failure} (after recording it); null to stop. */
  public RecordingHook failOnRelease(ConsistencyException failure) {
    this.releaseFailure = failure;
    return this;
  }

  /** Makes later quiesce calls block until {@link #unblockQuiesce()} or interrupt (ignoring the context's timeout). */
  public RecordingHook blockOnQuiesce() {
    this.quiesceGate = new CountDownLatch(1);
    return this;
  }

  /** Lets blocked quiesce calls continue and stops blocking. */
  public void unblockQuiesce() {
    CountDownLatch gate = quiesceGate;
    quiesceGate = null;
    if (gate != null) {
      gate.countDown();
    }
  }

  /** Makes every handle report {@link QuiesceHandle#freezeLost()} with {@code reason}; null to stop. */
  public RecordingHook reportFreezeLost(String reason) {
    this.freezeLost = reason;
    return this;
  }

  /** Labels every handle returns from {@link QuiesceHandle#snapshotLabels()}. */
  public RecordingHook snapshotLabels(Map<String, String> labels) {
    this.snapshotLabels = Map.copyOf(labels);
    return this;
  }

  // ---------------------------------------------------------------- the hook

  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    quiesceCalls.incrementAndGet();
    record(Kind.QUIESCE_STARTED, 0);
    CountDownLatch gate = quiesceGate;
    if (gate != null) {
      blocked.incrementAndGet();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        record(Kind.QUIESCE_FAILED, 0);
        throw new ConsistencyException("hook " + name + " was interrupted while quiescing", e);
      } finally {
        blocked.decrementAndGet();
      }
    }
    ConsistencyException failure = quiesceFailure;
    if (failure != null) {
      record(Kind.QUIESCE_FAILED, 0);
      throw failure;
    }
    Handle h = new Handle(handles.size() + 1, context);
    handles.add(h);
    record(Kind.QUIESCED, h.number);
    return h;
  }

  // ---------------------------------------------------------------- inspection

  /** The shared or own journal. */
  public Journal journal() {
    return journal;
  }

  /** This hook's events, in order. */
  public List<Event> events() {
    return journal.events().stream().filter(e -> e.hook().equals(name)).toList();
  }

  /** How many times {@code quiesce} was called (including failed calls). */
  public int quiesceCount() {
    return quiesceCalls.get();
  }

  /** How many release calls were made, over all handles. */
  public int releaseCount() {
    return handles.stream().mapToInt(Handle::releaseCount).sum();
  }

  /** The handles returned so far, in order. */
  public List<Handle> handles() {
    return List.copyOf(handles);
  }

  /** Whether every handle returned was released exactly once. */
  public boolean allReleasedExactlyOnce() {
    return handles.stream().allMatch(h -> h.releaseCount() == 1);
  }

  /** How many quiesce calls are blocked right now. */
  public int blockedQuiesceCalls() {
    return blocked.get();
  }

  /**
   * Waits until a quiesce call is blocked. @return whether one was before the timeout
   * @throws dev.snapfork.SnapshotException when interrupted (the flag is kept)
   */
  public boolean awaitBlocked(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (blocked.get() == 0) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Sleeper.sleep(Duration.ofMillis(2), "waiting for a blocked quiesce of " + name);
    }
    return true;
  }

  private void record(Kind kind, int handle) {
    journal.add(new Event(name, kind, handle, System.nanoTime()));
  }

  @Override
  public String toString() {
    return "RecordingHook{" + name + ", quiesced=" + quiesceCount() + ", released=" + releaseCount() + "}";
  }

  /** A handle returned by {@link RecordingHook#quiesce}; counts its releases. */
  public final class Handle implements QuiesceHandle {
    private final int number;
    private final QuiesceContext context;
    private final AtomicInteger releases = new AtomicInteger();

    private Handle(int number, QuiesceContext context) {
      this.number = number;
      this.context = context;
    }

    /** 1-based number among this hook's handles. */
    public int number() {
      return number;
    }

    /** The context quiesce was called with. */
    public QuiesceContext context() {
      return context;
    }

    /** How many times {@link #release()} was called. */
    public int releaseCount() {
      return releases.get();
    }

    /** Records the release, then throws the configured failure, if any. */
    @Override
    public void release() {
      releases.incrementAndGet();
      record(Kind.RELEASED, number);
      ConsistencyException failure = releaseFailure;
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public Optional<String> freezeLost() {
      return Optional.ofNullable(freezeLost);
    }

    @Override
    public Map<String, String> snapshotLabels() {
      return snapshotLabels;
    }
  }
}

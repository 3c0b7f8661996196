package dev.snapfork.internal.orchestrator;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.Phase;
import dev.snapfork.QuiesceHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;

/**
 * The hooks currently holding the application quiesced, and the one place that releases them:
 * exactly once, in reverse quiesce order, whoever asks first (the cut path, the watchdog, a
 * failure path). Later callers get the first release's outcome.
 */
final class HeldHooks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeldHooks.class);
  /** Why the hooks were released. */
  enum Reason { CUT_DONE, WATCHDOG, QUIESCE_FAILED, CUT_FAILED, INTERRUPTED }

  /** The result of the one release. */
  record Outcome(Reason reason, long startedNanos, long endedNanos, List<String> released, Map<String, Throwable> failures,
      Map<String, String> metadata) {}

  private record Held(ConsistencyHook hook, QuiesceHandle handle) {}

  private final Events events;
  private final List<Held> held = new ArrayList<>();
  private long firstQuiescedNanos = -1;
  private Outcome outcome;
  private boolean releasing;

  HeldHooks(Events events) {
    this.events = events;
  }

  /**
   * Records a quiesced hook. Returns false when the release already began: the caller must then
   * release {@code handle} itself (see {@link #releaseLate}).
   */
  synchronized boolean add(ConsistencyHook hook, QuiesceHandle handle) {
    if (releasing) {
      return false;
    }
    if (held.isEmpty()) {
      firstQuiescedNanos = System.nanoTime();
    }
    held.add(new Held(hook, handle));
    return true;
  }

  synchronized List<String> names() {
    return held.stream().map(h -> h.hook().name()).toList();
  }

  synchronized boolean isEmpty() {
    return held.isEmpty();
  }

  /** Whether the hooks have already been released for {@code reason}. */
  synchronized boolean releasedBy(Reason reason) {
    return outcome != null && outcome.reason() == reason;
  }

  /** The first freeze-loss a handle reports, as "hook: reason". */
  synchronized Optional<String> freezeLost() {
    for (Held h : held) {
      Optional<String> lost;
      try {
        lost = h.handle().freezeLost();
      } catch (RuntimeException e) {
        lost = Optional.of("could not tell whether the freeze holds: " + e.getMessage());
      }
      if (lost.isPresent()) {
        return Optional.of(h.hook().name() + ": " + lost.get());
      }
    }
    return Optional.empty();
  }

  /** Labels the handles want on the snapshot. */
  synchronized Map<String, String> snapshotLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    for (Held h : held) {
      labels.putAll(h.handle().snapshotLabels());
    }
    return labels;
  }

  /** Releases every held hook once, in reverse order; returns the first release's outcome. */
  Outcome releaseAll(Reason reason) {
    List<Held> toRelease;
    synchronized (this) {
      while (releasing && outcome == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          // keep waiting: the release in progress is what matters; the flag is restored
        }
      }
      if (outcome != null) {
        return outcome;
      }
      releasing = true;
      toRelease = new ArrayList<>(held);
    }
    long started = System.nanoTime();
    List<String> released = new ArrayList<>();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = toRelease.size() - 1; i >= 0; i--) {
      Held h = toRelease.get(i);
      long t0 = System.nanoTime();
      try {
        h.handle().release();
        released.add(h.hook().name());
        metadata.putAll(releaseMetadataOf(h));
        events.emit(Phase.RELEASE, h.hook().name(), t0, null);
      } catch (Throwable t) {
        failures.put(h.hook().name(), t);
        events.emit(Phase.RELEASE, h.hook().name(), t0, t);
      }
    }
    long ended = System.nanoTime();
    Outcome o = new Outcome(reason, started, ended, List.copyOf(released), Map.copyOf(failures), Map.copyOf(metadata));
    synchronized (this) {
      outcome = o;
      if (firstQuiescedNanos >= 0) {
        events.emit(Phase.FREEZE, "", firstQuiescedNanos, null, ended);
      }
      notifyAll();
    }
    return o;
  }

  private static Map<String, String> releaseMetadataOf(Held h) {
    try {
      Map<String, String> m = h.handle().releaseMetadata();
      return m == null ? Map.of() : m;
    } catch (RuntimeException e) {
      LOG.warn("hook {} released but could not report its release metadata; the result carries none from it", h.hook().name(), e);
      return Map.of();
    }
  }

  /** The freeze window: first quiesced to last released (zero when nothing was held). */
  synchronized Duration freezeWindow() {
    if (firstQuiescedNanos < 0 || outcome == null) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(outcome.endedNanos() - firstQuiescedNanos);
  }

  /** Releases a handle whose quiesce finished after the release had begun. */
  void releaseLate(ConsistencyHook hook, QuiesceHandle handle) {
    long t0 = System.nanoTime();
    try {
      handle.release();
      events.emit(Phase.RELEASE, hook.name(), t0, null);
    } catch (Throwable t) {
      events.emit(Phase.RELEASE, hook.name(), t0, t);
    }
  }
}

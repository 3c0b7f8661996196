package dev.snapfork.internal.orchestrator;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Consistency;
import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.ConsistencyPolicy;
import dev.snapfork.GroupSnapshotException;
import dev.snapfork.Labels;
import dev.snapfork.Phase;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.ReleaseFailedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotOptions;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.Capability;
import dev.snapfork.SnapshotProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consistent snapshot of one or more volumes: quiesce every hook in order, cut, release in
 * reverse order at once, then optionally wait for readiness. Every quiesced hook is released
 * exactly once on every path; a cut that completes after the freeze was lifted is not reported as
 * application-consistent.
 */
public final class ConsistentCut {
  private static final Logger LOG = LoggerFactory.getLogger(ConsistentCut.class);

  private final OrchestratorSettings s;
  private final String requestId;
  private final List<SnapshotRequest> requests;
  private final SnapshotOptions options;
  private final ConsistencyPolicy policy;
  private final Events events;
  private final HeldHooks held;
  private volatile ScheduledFuture<?> watchdog;

  public ConsistentCut(OrchestratorSettings settings, String requestId, List<SnapshotRequest> requests, SnapshotOptions options) {
    this.s = settings;
    this.requestId = requestId;
    this.requests = List.copyOf(requests);
    this.options = options;
    this.policy = options.policy().orElse(settings.policy());
    this.events = new Events(requestId, settings.listener());
    this.held = new HeldHooks(events);
  }

  /** Runs the orchestration; see {@link dev.snapfork.Snapshotter#snapshotGroup}. */
  public SnapshotResult run() {
    Consistency consistency = s.hooks().isEmpty() ? Consistency.CRASH : Consistency.APPLICATION;
    try {
      boolean frozen = quiesceAll() && !held.isEmpty();
      if (!frozen) {
        consistency = Consistency.CRASH;
      } else if (held.releasedBy(HeldHooks.Reason.WATCHDOG)) {
        // The freeze already lasted max-freeze while later hooks were quiescing: do not cut.
        consistency = Consistency.CRASH;
        frozen = false;
        if (policy == ConsistencyPolicy.REQUIRE_APPLICATION_CONSISTENT) {
          throw new ConsistencyException("the hooks took longer than max-freeze (" + s.maxFreeze()
              + ") to quiesce; the watchdog released them and nothing was snapshotted", null);
        }
        LOG.warn("request {}: quiesce outlasted max-freeze; cutting crash-consistent as allowed", requestId);
      }
      long cutStart = System.nanoTime();
      List<Snapshot> cut = cutAll(labelled(frozen));
      long cutEnd = System.nanoTime();

      Optional<String> lost = frozen ? held.freezeLost() : Optional.empty();
      HeldHooks.Outcome released = held.releaseAll(HeldHooks.Reason.CUT_DONE);
      if (released.reason() == HeldHooks.Reason.WATCHDOG && released.startedNanos() < cutEnd) {
        lost = Optional.of("the max-freeze watchdog (" + s.maxFreeze() + ") released the hooks before the cut completed");
      }
      if (lost.isPresent()) {
        consistency = Consistency.CRASH;
        if (policy == ConsistencyPolicy.REQUIRE_APPLICATION_CONSISTENT) {
          List<String> deleted = rollback(cut);
          throw new ConsistencyException("snapshot is not application-consistent: " + lost.get()
              + "; deleted the snapshot(s) cut after the freeze was lifted " + deleted
              + releaseFailureSuffix(released) + " (allow crash-consistent snapshots to keep them)", firstFailure(released));
        }
        LOG.warn("request {}: freeze lost ({}); keeping {} as crash-consistent as allowed", requestId, lost.get(), ids(cut));
      }
      if (!released.failures().isEmpty()) {
        throw new ReleaseFailedException("hook(s) failed to release after the cut: " + describe(released.failures())
            + "; the application may still be quiesced. Snapshot(s) " + ids(cut) + " were cut while quiesced and are kept",
            firstFailure(released), cut);
      }
      List<Snapshot> result = options.waitForReady() ? awaitReady(cut) : cut;
      return new SnapshotResult(requestId, result, consistency, held.freezeWindow(), Duration.ofNanos(cutEnd - cutStart),
          frozen ? reverse(released.released()) : List.of(), events.all(), released.metadata());
    } finally {
      ScheduledFuture<?> w = watchdog;
      if (w != null) {
        w.cancel(false);
      }
      // Every path ends released: this is a no-op when the cut path already released.
      held.releaseAll(Thread.currentThread().isInterrupted() ? HeldHooks.Reason.INTERRUPTED : HeldHooks.Reason.CUT_FAILED);
    }
  }

  /** Quiesces every hook in order. Returns false when a hook failed and crash-consistent is allowed. */
  private boolean quiesceAll() {
    List<dev.snapfork.VolumeRef> volumes = requests.stream().map(SnapshotRequest::source).toList();
    QuiesceContext ctx = new QuiesceContext(requestId, volumes, s.quiesceTimeout());
    for (ConsistencyHook hook : s.hooks()) {
      long t0 = System.nanoTime();
      AbandonableTask<QuiesceHandle> task = AbandonableTask.start(s.executor(), () -> hook.quiesce(ctx),
          late -> held.releaseLate(hook, late));
      Throwable failure;
      try {
        if (task.await(s.quiesceTimeout().toNanos())) {
          failure = task.error();
          if (failure == null) {
            QuiesceHandle handle = task.result();
            if (handle == null) {
              failure = new ConsistencyException("hook " + hook.name() + " returned no handle from quiesce", null);
            } else {
              boolean first = held.isEmpty();
              if (!held.add(hook, handle)) {
                held.releaseLate(hook, handle);
              } else if (first) {
                startWatchdog();
              }
              events.emit(Phase.QUIESCE, hook.name(), t0, null);
              continue;
            }
          }
        } else {
          QuiesceHandle late = task.abandon();
          if (late != null) {
            held.releaseLate(hook, late);
          }
          failure = new SnapshotTimeoutException("hook " + hook.name() + " did not quiesce within " + s.quiesceTimeout(), s.quiesceTimeout());
        }
      } catch (InterruptedException e) {
        QuiesceHandle late = task.abandon();
        if (late != null) {
          held.releaseLate(hook, late);
        }
        events.emit(Phase.QUIESCE, hook.name(), t0, e);
        HeldHooks.Outcome o = held.releaseAll(HeldHooks.Reason.INTERRUPTED);
        Thread.currentThread().interrupt();
        throw new SnapshotException("interrupted while quiescing hook " + hook.name() + "; released " + o.released()
            + releaseFailureSuffix(o) + "; nothing was snapshotted", e);
      }
      events.emit(Phase.QUIESCE, hook.name(), t0, failure);
      HeldHooks.Outcome o = held.releaseAll(HeldHooks.Reason.QUIESCE_FAILED);
      if (policy == ConsistencyPolicy.REQUIRE_APPLICATION_CONSISTENT || !o.failures().isEmpty()) {
        throw new ConsistencyException("hook " + hook.name() + " failed to quiesce: " + message(failure)
            + "; released " + o.released() + releaseFailureSuffix(o) + "; nothing was snapshotted", failure);
      }
      LOG.warn("request {}: hook {} failed to quiesce ({}); continuing crash-consistent as allowed", requestId, hook.name(), message(failure));
      return false;
    }
    return true;
  }

  /** Arms the max-freeze watchdog; the freeze is counted from the first hook quiesced. */
  private void startWatchdog() {
    watchdog = s.scheduler().schedule(() -> {
      LOG.warn("request {}: still frozen after max-freeze {}; releasing hooks now", requestId, s.maxFreeze());
      held.releaseAll(HeldHooks.Reason.WATCHDOG);
    }, s.maxFreeze().toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The requests with the orchestration's labels: hooks, group id, and what the handles add. */
  private List<SnapshotRequest> labelled(boolean frozen) {
    Map<String, String> extra = new LinkedHashMap<>();
    if (frozen) {
      extra.putAll(held.snapshotLabels());
      extra.put(Labels.HOOKS, String.join(".", held.names()));
    }
    if (requests.size() > 1) {
      extra.put(Labels.GROUP_ID, requestId);
    }
    if (extra.isEmpty()) {
      return requests;
    }
    return requests.stream().map(r -> r.toBuilder().labels(extra).build()).toList();
  }

  /** Cuts every volume: the native group call when the provider has one, else concurrently. */
  private List<Snapshot> cutAll(List<SnapshotRequest> reqs) {
    SnapshotProvider provider = s.provider();
    boolean nativeGroup = reqs.size() > 1 && provider.supports(Capability.NATIVE_GROUP);
    List<AbandonableTask<List<Snapshot>>> tasks = new ArrayList<>();
    long t0 = System.nanoTime();
    if (nativeGroup) {
      tasks.add(AbandonableTask.start(s.executor(), () -> provider.createGroup(requestId, reqs), this::rollbackLate));
    } else if (reqs.size() == 1) {
      // One volume: no need for a second thread unless the cut must be abandonable.
      tasks.add(AbandonableTask.start(s.executor(), () -> List.of(provider.create(reqs.get(0))), this::rollbackLate));
    } else {
      for (SnapshotRequest r : reqs) {
        tasks.add(AbandonableTask.start(s.executor(), () -> List.of(provider.create(r)), this::rollbackLate));
      }
    }
    long deadline = t0 + s.cutTimeout().toNanos();
    SnapshotException failure = null;
    String failedSubject = null;
    try {
      for (int i = 0; i < tasks.size() && failure == null; i++) {
        AbandonableTask<List<Snapshot>> task = tasks.get(i);
        String subject = nativeGroup ? "group of " + reqs.size() : reqs.get(i).source().id();
        if (!task.await(deadline - System.nanoTime())) {
          failure = new SnapshotTimeoutException("cut of " + subject + " did not finish within cut-timeout " + s.cutTimeout(), s.cutTimeout());
          failedSubject = subject;
        } else if (task.error() != null) {
          failure = asSnapshotException(task.error());
          failedSubject = subject;
        }
      }
    } catch (InterruptedException e) {
      List<String> deleted = abandonAndRollback(tasks);
      HeldHooks.Outcome o = held.releaseAll(HeldHooks.Reason.INTERRUPTED);
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted during the cut; released " + o.released() + releaseFailureSuffix(o)
          + "; deleted snapshots already cut " + deleted, e);
    }
    if (failure != null) {
      events.emit(Phase.CUT, failedSubject, t0, failure);
      HeldHooks.Outcome o = held.releaseAll(HeldHooks.Reason.CUT_FAILED);
      List<String> deleted = abandonAndRollback(tasks);
      if (tasks.size() == 1 && !nativeGroup) {
        if (!o.failures().isEmpty()) {
          failure.addSuppressed(firstFailure(o));
        }
        throw failure;
      }
      throw new GroupSnapshotException("group snapshot failed: cut of " + failedSubject + " failed: " + failure.getMessage()
          + "; deleted the snapshots already cut " + deleted + releaseFailureSuffix(o)
          + "; no partial group is returned", failure, deleted);
    }
    List<Snapshot> cut = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      List<Snapshot> r = tasks.get(i).result();
      cut.addAll(r);
      for (Snapshot snap : r) {
        events.emit(Phase.CUT, snap.source().id(), t0, null);
      }
    }
    return cut;
  }

  private List<String> abandonAndRollback(List<AbandonableTask<List<Snapshot>>> tasks) {
    List<Snapshot> done = new ArrayList<>();
    for (AbandonableTask<List<Snapshot>> t : tasks) {
      List<Snapshot> r = t.abandon();
      if (r != null) {
        done.addAll(r);
      }
    }
    return rollback(done);
  }

  private void rollbackLate(List<Snapshot> late) {
    LOG.warn("request {}: cut {} finished after it was abandoned; deleting it", requestId, ids(late));
    rollback(late);
  }

  /** Deletes snapshots that must not survive; returns the ids deleted, naming any that could not be. */
  private List<String> rollback(List<Snapshot> snapshots) {
    List<String> deleted = new ArrayList<>();
    for (Snapshot snap : snapshots) {
      long t0 = System.nanoTime();
      try {
        s.provider().delete(snap.id());
        deleted.add(snap.id());
        events.emit(Phase.ROLLBACK, snap.id(), t0, null);
      } catch (RuntimeException e) {
        deleted.add(snap.id() + " (NOT deleted: " + e.getMessage() + ")");
        events.emit(Phase.ROLLBACK, snap.id(), t0, e);
      }
    }
    return deleted;
  }

  private List<Snapshot> awaitReady(List<Snapshot> cut) {
    Duration timeout = options.readyTimeout().orElse(s.readyTimeout());
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    List<Snapshot> ready = new ArrayList<>();
    for (Snapshot snap : cut) {
      long remaining = deadline - System.nanoTime();
      try {
        if (remaining <= 0) {
          throw new SnapshotTimeoutException("snapshot " + snap.id() + " not ready within ready-timeout " + timeout, timeout);
        }
        ready.add(s.provider().awaitReady(snap.id(), Duration.ofNanos(remaining)));
      } catch (RuntimeException e) {
        events.emit(Phase.READY, snap.id(), t0, e);
        throw e;
      }
      events.emit(Phase.READY, snap.id(), t0, null);
    }
    return ready;
  }

  private static SnapshotException asSnapshotException(Throwable t) {
    if (t instanceof SnapshotException se) {
      return se;
    }
    return new BackendFailureException("provider threw " + t, t);
  }

  private static Throwable firstFailure(HeldHooks.Outcome o) {
    return o.failures().isEmpty() ? null : o.failures().values().iterator().next();
  }

  private static String releaseFailureSuffix(HeldHooks.Outcome o) {
    return o.failures().isEmpty() ? "" : "; RELEASE FAILED for " + describe(o.failures()) + " (the application may still be quiesced)";
  }

  private static String describe(Map<String, Throwable> failures) {
    List<String> parts = new ArrayList<>();
    failures.forEach((hook, t) -> parts.add(hook + ": " + message(t)));
    return String.join("; ", parts);
  }

  private static String message(Throwable t) {
    return t == null ? "unknown" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static List<String> ids(List<Snapshot> snaps) {
    return snaps.stream().map(Snapshot::id).toList();
  }

  private static List<String> reverse(List<String> released) {
    List<String> r = new ArrayList<>(released);
    java.util.Collections.reverse(r);
    return r;
  }
}

package dev.snapfork.internal.orchestrator;

import dev.snapfork.CloneRequest;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Labels;
import dev.snapfork.Phase;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotEvent;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotOptions;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Volume;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fork: consistent snapshot (named {@code <target>-src}, labelled {@link Labels#ROLE} =
 * {@link Labels#ROLE_FORK_SOURCE}), wait until ready, clone. When the wait or the clone fails, the
 * snapshot this fork made is deleted, so a failed fork leaves nothing behind; the snapshot of a
 * fork killed during its clone is replaced by the next fork to the same target
 * ({@link ForkLeftover}).
 */
public final class ForkRunner {
  private final OrchestratorSettings s;
  private final Clock clock;

  public ForkRunner(OrchestratorSettings settings, Clock clock) {
    this.s = settings;
    this.clock = clock;
  }

  public ForkResult run(ForkRequest fork) {
    Map<String, String> labels = fork.labelsAt(clock.instant());
    String sourceName = fork.targetName() + "-src";
    SnapshotRequest snapRequest = SnapshotRequest.builder(fork.source())
        .name(sourceName)
        .requestId(fork.requestId())
        .labels(labels)
        .label(Labels.ROLE, Labels.ROLE_FORK_SOURCE)
        .build();
    new ForkLeftover(s.provider()).replace(fork, sourceName); // before anything quiesces
    SnapshotOptions cutOnly = new SnapshotOptions(false, fork.options().readyTimeout(), fork.options().policy());
    SnapshotResult cut = new ConsistentCut(s, fork.requestId(), List.of(snapRequest), cutOnly).run();
    Events events = new Events(fork.requestId(), s.listener());
    Snapshot snap = cut.snapshot();
    long t0 = System.nanoTime();
    try {
      Duration timeout = fork.options().readyTimeout().orElse(s.readyTimeout());
      Snapshot ready = s.provider().awaitReady(snap.id(), timeout);
      events.emit(Phase.READY, snap.id(), t0, null);
      Duration readyWait = Duration.ofNanos(System.nanoTime() - t0);
      long c0 = System.nanoTime();
      CloneRequest.Builder clone = CloneRequest.builder(ready.id(), fork.targetName())
          .requestId(fork.requestId())
          .labels(labels)
          .label(Labels.REQUEST_ID, fork.requestId());
      fork.cloneParameters().forEach(clone::parameter);
      Volume volume;
      try {
        volume = s.provider().createVolume(clone.build());
      } catch (RuntimeException e) {
        events.emit(Phase.CLONE, fork.targetName(), c0, e);
        throw e;
      }
      events.emit(Phase.CLONE, fork.targetName(), c0, null);
      Duration cloneDuration = Duration.ofNanos(System.nanoTime() - c0);
      SnapshotResult readyResult = new SnapshotResult(cut.requestId(), List.of(ready), cut.consistency(), cut.freezeWindow(),
          cut.cutDuration(), cut.hooks(), cut.events(), cut.releaseMetadata());
      List<SnapshotEvent> all = new ArrayList<>(cut.events());
      all.addAll(events.all());
      return new ForkResult(readyResult, volume, readyWait, cloneDuration, all);
    } catch (RuntimeException e) {
      long r0 = System.nanoTime();
      try {
        s.provider().delete(snap.id());
        events.emit(Phase.ROLLBACK, snap.id(), r0, null);
      } catch (RuntimeException deleteFailure) {
        events.emit(Phase.ROLLBACK, snap.id(), r0, deleteFailure);
        e.addSuppressed(deleteFailure);
        throw new SnapshotException("fork of " + fork.source() + " failed: " + e.getMessage()
            + "; the snapshot " + snap.id() + " could NOT be deleted: " + deleteFailure.getMessage(), e);
      }
      if (e instanceof SnapshotException se) {
        throw se;
      }
      throw new SnapshotException("fork of " + fork.source() + " failed: " + e + "; deleted its snapshot " + snap.id(), e);
    }
  }
}

package dev.snapfork.examples.pipeline;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.Snapshotter;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.examples.pipeline.PipelineReport.Outcome;
import dev.snapfork.examples.pipeline.PipelineReport.PhaseTiming;
import dev.snapfork.examples.pipeline.internal.Shell;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a {@link PipelineSpec}: consistent group snapshot of the sources (hooks held only for the
 * cut), wait until ready, clone each into a staging volume, start the staging service and wait
 * until its ready check passes, run the test command with the staging volumes in its environment,
 * then tear down by the policy, and report every phase's timing and the freeze window.
 *
 * <p>Everything the run creates carries the ownership label, {@value #RUN_LABEL} with the run id,
 * and an expiry ({@code keepFor}). Teardown deletes only managed objects with this run's label,
 * and it runs on every path: tests failing, a phase failing, or the thread being interrupted
 * (the CLI interrupts it from a shutdown hook on Ctrl-C). The commands get the environment
 * variables {@code STAGING_VOLUME}, {@code STAGING_VOLUMES}, {@code STAGING_PATH} (when the
 * provider reports a path, e.g. local), {@code STAGING_SNAPSHOTS} and {@code PIPELINE_RUN_ID}.
 */
public final class PipelineRunner {
  /** The label carrying the run id on everything a run creates. */
  public static final String RUN_LABEL = "snapfork.dev/pipeline-run";
  private static final String PATH_ATTRIBUTE = "local.path";
  private static final int TAIL_LINES = 40;

  private final Snapshotter snapshotter;
  private final Duration snapshotReadyTimeout;
  private final PrintWriter log;
  private final Clock clock;
  private final Duration pollInterval;

  /**
   * @param snapshotter cuts with its provider and hooks (the caller closes it)
   * @param snapshotReadyTimeout how long snapshots may take to become ready
   * @param log where progress and the commands' output lines go as they happen
   * @param pollInterval how often the ready check is retried
   */
  public PipelineRunner(Snapshotter snapshotter, Duration snapshotReadyTimeout, PrintWriter log, Duration pollInterval) {
    this(snapshotter, snapshotReadyTimeout, log, pollInterval, Clock.systemUTC());
  }

  PipelineRunner(Snapshotter snapshotter, Duration snapshotReadyTimeout, PrintWriter log, Duration pollInterval, Clock clock) {
    this.snapshotter = snapshotter;
    this.snapshotReadyTimeout = snapshotReadyTimeout;
    this.log = log;
    this.pollInterval = pollInterval;
    this.clock = clock;
  }

  /** Runs the pipeline. Never throws for a failing phase: the report says what happened. */
  public PipelineReport run(PipelineSpec spec) {
    SnapshotProvider provider = snapshotter.provider();
    String runId = "run-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RUN_LABEL, runId);
    labels.put(Labels.EXPIRES_AT, Labels.expiryValue(clock.instant().plus(spec.keepFor())));

    List<PhaseTiming> phases = new ArrayList<>();
    Set<String> snapshots = new LinkedHashSet<>();
    Set<String> volumes = new LinkedHashSet<>();
    Optional<Duration> freeze = Optional.empty();
    OptionalInt exit = OptionalInt.empty();
    List<String> tail = List.of();
    Outcome outcome = Outcome.FAILED;
    Optional<String> error = Optional.empty();
    Shell.Running service = null;
    Shell.Running test = null;
    List<String> kept;
    say("pipeline %s (%s) on %s: %d source volume(s), teardown %s", spec.name(), runId, provider.name(),
        spec.sources().size(), spec.teardown().name().toLowerCase(java.util.Locale.ROOT));
    String phase = "snapshot";
    long t = System.nanoTime();
    try {
      List<SnapshotRequest> requests = spec.sources().stream()
          .map(s -> SnapshotRequest.builder(s).labels(labels).build()).toList();
      SnapshotResult cut = snapshotter.snapshotGroup(requests);
      cut.snapshots().forEach(s -> snapshots.add(s.id()));
      freeze = Optional.of(cut.freezeWindow());
      t = done(phases, phase, t, cut.snapshots().size() + " snapshot(s), " + cut.consistency().name().toLowerCase()
          + "-consistent, hooks " + (cut.hooks().isEmpty() ? "none" : String.join(",", cut.hooks()))
          + ", freeze window " + ms(cut.freezeWindow()));

      phase = "ready";
      List<Snapshot> ready = new ArrayList<>();
      for (Snapshot s : cut.snapshots()) {
        ready.add(provider.awaitReady(s.id(), snapshotReadyTimeout));
      }
      t = done(phases, phase, t, ready.size() + " snapshot(s) ready");

      phase = "clone";
      List<Volume> staging = new ArrayList<>();
      for (Snapshot s : ready) {
        Volume v = provider.createVolume(CloneRequest.builder(s.id(), spec.stagingNameFor(s.source())).labels(labels).build());
        volumes.add(v.ref().id());
        staging.add(v);
      }
      t = done(phases, phase, t, String.join(", ", staging.stream().map(v -> v.ref().id()).toList()));
      Map<String, String> env = environment(runId, staging, snapshots);

      if (spec.serviceCommand().isPresent() || spec.readyCheck().isPresent()) {
        phase = "service";
        if (spec.serviceCommand().isPresent()) {
          service = Shell.start(spec.serviceCommand().get(), spec.workDir(), env, TAIL_LINES, line -> say("  service| %s", line));
        }
        awaitReady(spec, env, service);
        t = done(phases, phase, t, spec.serviceCommand().isPresent() ? "started and ready" : "ready check passed");
      }

      phase = "test";
      say("running tests: %s", spec.testCommand());
      test = Shell.start(spec.testCommand(), spec.workDir(), env, TAIL_LINES, line -> say("  test| %s", line));
      boolean finished = test.waitFor(spec.testTimeout().toMillis());
      if (!finished) {
        test.stop(2000);
      }
      tail = test.tail();
      if (finished) {
        exit = OptionalInt.of(test.process().exitValue());
      }
      outcome = finished && exit.getAsInt() == 0 ? Outcome.PASSED : Outcome.TESTS_FAILED;
      String detail = finished ? "exit " + exit.getAsInt() : "timed out after " + ms(spec.testTimeout()) + ", stopped";
      phases.add(new PhaseTiming(phase, Duration.ofNanos(System.nanoTime() - t), outcome == Outcome.PASSED, detail));
      say("%-9s %8s  %s", phase, ms(Duration.ofNanos(System.nanoTime() - t)), detail);
    } catch (InterruptedException e) {
      outcome = Outcome.INTERRUPTED;
      error = Optional.of("interrupted during " + phase);
      phases.add(new PhaseTiming(phase, Duration.ofNanos(System.nanoTime() - t), false, "interrupted"));
    } catch (SnapshotException | IOException e) {
      boolean interrupted = Thread.currentThread().isInterrupted();
      outcome = interrupted ? Outcome.INTERRUPTED : Outcome.FAILED;
      error = Optional.of(phase + ": " + e.getMessage());
      phases.add(new PhaseTiming(phase, Duration.ofNanos(System.nanoTime() - t), false,
          interrupted ? "interrupted" : String.valueOf(e.getMessage())));
      say("%-9s failed: %s", phase, e.getMessage());
    } finally {
      boolean interrupted = Thread.interrupted() || outcome == Outcome.INTERRUPTED;
      if (interrupted) {
        outcome = Outcome.INTERRUPTED;
        if (tail.isEmpty() && test != null) {
          tail = test.tail();
        }
      }
      if (test != null) {
        test.stop(2000);
      }
      if (service != null) {
        service.stop(5000);
      }
      kept = teardown(spec, provider, runId, outcome, snapshots, volumes, phases);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return new PipelineReport(spec.name(), runId, provider.name(), outcome, phases, freeze, exit, tail, kept, error);
  }

  private void awaitReady(PipelineSpec spec, Map<String, String> env, Shell.Running service)
      throws IOException, InterruptedException {
    if (spec.readyCheck().isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + spec.readyTimeout().toNanos();
    while (true) {
      Shell.Running check = Shell.start(spec.readyCheck().get(), spec.workDir(), env, 5, line -> { });
      if (check.waitFor(Math.max(1, spec.readyTimeout().toMillis())) && check.process().exitValue() == 0) {
        return;
      }
      check.stop(1000);
      if (service != null && !service.process().isAlive()) {
        throw new dev.snapfork.BackendFailureException("the staging service exited with status "
            + service.process().exitValue() + " before it was ready; last output: " + String.join(" | ", service.tail()), null);
      }
      if (System.nanoTime() > deadline) {
        throw new SnapshotTimeoutException("the staging service was not ready within " + ms(spec.readyTimeout()), spec.readyTimeout());
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  private List<String> teardown(PipelineSpec spec, SnapshotProvider provider, String runId, Outcome outcome,
      Set<String> snapshots, Set<String> volumes, List<PhaseTiming> phases) {
    long t = System.nanoTime();
    boolean delete = switch (spec.teardown()) {
      case ALWAYS -> true;
      case ON_SUCCESS -> outcome == Outcome.PASSED || outcome == Outcome.INTERRUPTED;
      case KEEP -> false;
    };
    if (!delete) {
      List<String> kept = new ArrayList<>();
      volumes.forEach(v -> kept.add("volume " + v));
      snapshots.forEach(s -> kept.add("snapshot " + s));
      String detail = "kept " + kept.size() + " object(s) labelled " + RUN_LABEL + "=" + runId + ", expiring after "
          + ms(spec.keepFor()) + " (snapfork cleanup removes them)";
      phases.add(new PhaseTiming("teardown", Duration.ofNanos(System.nanoTime() - t), true, detail));
      say("%-9s %8s  %s", "teardown", ms(Duration.ofNanos(System.nanoTime() - t)), detail);
      return kept;
    }
    List<String> failures = new ArrayList<>();
    int deletedVolumes = 0;
    int deletedSnapshots = 0;
    Set<String> allVolumes = new LinkedHashSet<>(volumes);
    Set<String> allSnapshots = new LinkedHashSet<>(snapshots);
    try {
      // also finds objects whose create returned after an interrupt
      if (provider.supports(Capability.VOLUME_MANAGEMENT)) {
        provider.streamVolumes(VolumeFilter.managed().withLabel(RUN_LABEL, runId)).forEach(v -> allVolumes.add(v.ref().id()));
      }
      provider.stream(SnapshotFilter.managed().withLabel(RUN_LABEL, runId)).forEach(s -> allSnapshots.add(s.id()));
    } catch (SnapshotException e) {
      failures.add("listing: " + e.getMessage());
    }
    for (String v : allVolumes) {
      try {
        if (provider.deleteVolume(VolumeRef.of(v), false)) {
          deletedVolumes++;
        }
      } catch (SnapshotException e) {
        failures.add("volume " + v + ": " + e.getMessage());
      }
    }
    for (String s : allSnapshots) {
      try {
        if (provider.delete(s)) {
          deletedSnapshots++;
        }
      } catch (SnapshotException e) {
        failures.add("snapshot " + s + ": " + e.getMessage());
      }
    }
    String detail = "deleted " + deletedVolumes + " volume(s), " + deletedSnapshots + " snapshot(s)"
        + (failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures));
    phases.add(new PhaseTiming("teardown", Duration.ofNanos(System.nanoTime() - t), failures.isEmpty(), detail));
    say("%-9s %8s  %s", "teardown", ms(Duration.ofNanos(System.nanoTime() - t)), detail);
    return failures.isEmpty() ? List.of() : List.copyOf(failures);
  }

  private static Map<String, String> environment(String runId, List<Volume> staging, Set<String> snapshots) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PIPELINE_RUN_ID", runId);
    env.put("STAGING_VOLUME", staging.get(0).ref().id());
    env.put("STAGING_VOLUMES", String.join(",", staging.stream().map(v -> v.ref().id()).toList()));
    env.put("STAGING_SNAPSHOTS", String.join(",", snapshots));
    String path = staging.get(0).attributes().get(PATH_ATTRIBUTE);
    if (path != null) {
      env.put("STAGING_PATH", path);
    }
    return env;
  }

  private long done(List<PhaseTiming> phases, String phase, long start, String detail) {
    Duration d = Duration.ofNanos(System.nanoTime() - start);
    phases.add(new PhaseTiming(phase, d, true, detail));
    say("%-9s %8s  %s", phase, ms(d), detail);
    return System.nanoTime();
  }

  private void say(String format, Object... args) {
    synchronized (log) {
      log.println(String.format(format, args));
      log.flush();
    }
  }

  static String ms(Duration d) {
    return d.toMillis() < 10_000 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }
}

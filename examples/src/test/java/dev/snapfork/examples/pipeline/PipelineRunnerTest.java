package dev.snapfork.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Labels;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.examples.pipeline.PipelineReport.Outcome;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline end to end on the local provider: passing, failing, kept, broken and interrupted runs. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the test commands are POSIX shell")
class PipelineRunnerTest {
  @TempDir
  Path root;
  @TempDir
  Path work;
  LocalSnapshotProvider provider;
  Snapshotter snapshotter;
  StringWriter log = new StringWriter();

  @BeforeEach
  void setUp() throws Exception {
    provider = LocalSnapshotProvider.open(root);
    Path prod = provider.volumePath(provider.createEmptyVolume("prod"));
    Files.writeString(prod.resolve("orders.txt"), "order-1\n");
    snapshotter = Snapshotter.builder(provider).build();
  }

  @AfterEach
  void tearDown() {
    snapshotter.close();
    provider.close();
  }

  private PipelineSpec spec(String test, TeardownPolicy teardown, Optional<String> service, Optional<String> ready) {
    return new PipelineSpec("t", List.of(VolumeRef.of("prod")), "staging", service, ready, Duration.ofSeconds(20), test,
        Duration.ofSeconds(30), teardown, Duration.ofHours(2), work, Map.of());
  }

  private PipelineReport run(PipelineSpec spec) {
    return new PipelineRunner(snapshotter, Duration.ofSeconds(10), new PrintWriter(log, true), Duration.ofMillis(20)).run(spec);
  }

  private List<String> volumes() throws Exception {
    try (Stream<Path> s = Files.list(root.resolve("volumes"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void passingRunSeesTheStagingCopyAndTearsDown() throws Exception {
    PipelineReport r = run(spec("grep order-1 \"$STAGING_PATH/orders.txt\" && echo vol=$STAGING_VOLUME",
        TeardownPolicy.ALWAYS, Optional.empty(), Optional.empty()));
    assertThat(r.outcome()).as(log.toString()).isEqualTo(Outcome.PASSED);
    assertThat(r.phases()).extracting(PipelineReport.PhaseTiming::phase)
        .containsExactly("snapshot", "ready", "clone", "test", "teardown");
    assertThat(r.testExitCode()).hasValue(0);
    assertThat(r.testOutputTail()).containsExactly("order-1", "vol=staging");
    assertThat(r.freezeWindow()).isPresent();
    assertThat(r.phase("teardown").orElseThrow().detail()).isEqualTo("deleted 1 volume(s), 1 snapshot(s)");
    assertThat(volumes()).containsExactly("prod");
    assertThat(provider.stream(SnapshotFilter.ALL)).isEmpty();
  }

  @Test
  void failingTestsAreReportedAndStillTornDown() throws Exception {
    PipelineReport r = run(spec("echo broken; exit 3", TeardownPolicy.ALWAYS, Optional.empty(), Optional.empty()));
    assertThat(r.outcome()).isEqualTo(Outcome.TESTS_FAILED);
    assertThat(r.testExitCode()).hasValue(3);
    assertThat(r.testOutputTail()).containsExactly("broken");
    assertThat(r.phase("test").orElseThrow().ok()).isFalse();
    assertThat(volumes()).containsExactly("prod");
    assertThat(provider.stream(SnapshotFilter.ALL)).isEmpty();
  }

  @Test
  void onSuccessKeepsAFailedRunLabelledWithItsExpiry() throws Exception {
    PipelineReport r = run(spec("exit 1", TeardownPolicy.ON_SUCCESS, Optional.empty(), Optional.empty()));
    assertThat(r.outcome()).isEqualTo(Outcome.TESTS_FAILED);
    String snapshotId = provider.stream(SnapshotFilter.managed()).findFirst().orElseThrow().id();
    assertThat(r.kept()).containsExactly("volume staging", "snapshot " + snapshotId);
    var staging = provider.getVolume(VolumeRef.of("staging"));
    assertThat(staging.labels()).containsEntry(PipelineRunner.RUN_LABEL, r.runId()).containsKey(Labels.EXPIRES_AT)
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);    // The expiry is written in the encoding every backend accepts (a Kubernetes label value: no ':').
    assertThat(staging.labels().get(Labels.EXPIRES_AT)).matches("[0-9]{8}T[0-9]{6}Z");
    assertThat(Labels.expiresAt(staging.labels())).isPresent();
  }

  @Test
  void aServiceIsStartedCheckedAndStopped() throws Exception {
    Path marker = work.resolve("service-up");
    PipelineReport r = run(spec("test -f service-up", TeardownPolicy.ALWAYS,
        Optional.of("touch service-up; echo serving $STAGING_VOLUME; exec sleep 60"), Optional.of("test -f service-up")));
    assertThat(r.outcome()).as(log.toString()).isEqualTo(Outcome.PASSED);
    assertThat(r.phases()).extracting(PipelineReport.PhaseTiming::phase).contains("service");
    assertThat(marker).exists();
    assertThat(log.toString()).contains("service| serving staging");
  }

  @Test
  void aServiceThatDiesBeforeReadyFailsTheRunAndTearsDown() throws Exception {
    PipelineReport r = run(spec("true", TeardownPolicy.ALWAYS, Optional.of("echo cannot start; exit 4"), Optional.of("false")));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("service", "exited with status 4", "cannot start"));
    assertThat(r.testExitCode()).isEmpty();
    assertThat(volumes()).containsExactly("prod");
  }

  @Test
  void aMissingSourceFailsAtTheSnapshotAndLeavesNothing() throws Exception {
    PipelineSpec s = new PipelineSpec("t", List.of(VolumeRef.of("nope")), "staging", Optional.empty(), Optional.empty(),
        Duration.ofSeconds(1), "true", Duration.ofSeconds(5), TeardownPolicy.ALWAYS, Duration.ofHours(1), work, Map.of());
    PipelineReport r = run(s);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.phase("snapshot").orElseThrow().ok()).isFalse();
    assertThat(volumes()).containsExactly("prod");
  }

  @Test
  void anInterruptedRunTearsDown() throws Exception {
    Path started = work.resolve("tests-started");
    PipelineSpec s = spec("touch tests-started; exec sleep 60", TeardownPolicy.ON_SUCCESS, Optional.empty(), Optional.empty());
    AtomicReference<PipelineReport> report = new AtomicReference<>();
    AtomicReference<Boolean> flagKept = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      report.set(run(s));
      flagKept.set(Thread.currentThread().isInterrupted());
    });
    runner.start();
    for (int i = 0; i < 2000 && !Files.exists(started); i++) {
      Thread.sleep(10);
    }
    assertThat(started).exists();
    assertThat(volumes()).contains("staging");
    runner.interrupt();
    runner.join(30_000);
    assertThat(runner.isAlive()).isFalse();
    assertThat(report.get().outcome()).isEqualTo(Outcome.INTERRUPTED);
    assertThat(report.get().phase("teardown").orElseThrow().detail()).isEqualTo("deleted 1 volume(s), 1 snapshot(s)");
    assertThat(flagKept.get()).isTrue();
    assertThat(volumes()).containsExactly("prod");
  }
}

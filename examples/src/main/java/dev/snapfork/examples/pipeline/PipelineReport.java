package dev.snapfork.examples.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a pipeline run did: its outcome, every phase with its duration, the write freeze window,
 * the test command's exit status and the tail of its output, and what was kept.
 */
public record PipelineReport(
    String pipeline,
    String runId,
    String provider,
    Outcome outcome,
    List<PhaseTiming> phases,
    Optional<Duration> freezeWindow,
    OptionalInt testExitCode,
    List<String> testOutputTail,
    List<String> kept,
    Optional<String> error) {

  /** How a run ended. */
  public enum Outcome {
    /** The test command exited 0. */
    PASSED,
    /** The test command exited non-zero or timed out. */
    TESTS_FAILED,
    /** A phase before the tests failed (fork, clone, service start). */
    FAILED,
    /** The run was interrupted (Ctrl-C, SIGTERM, thread interrupt). */
    INTERRUPTED
  }

  /** One phase: {@code snapshot}, {@code ready}, {@code clone}, {@code service}, {@code test}, {@code teardown}. */
  public record PhaseTiming(String phase, Duration duration, boolean ok, String detail) {}

  public PipelineReport {
    phases = List.copyOf(phases);
    testOutputTail = List.copyOf(testOutputTail);
    kept = List.copyOf(kept);
  }

  /** The phase named {@code phase}, if it ran. */
  public Optional<PhaseTiming> phase(String phase) {
    return phases.stream().filter(p -> p.phase().equals(phase)).findFirst();
  }

  /** The report as ordered maps, for JSON/YAML output (durations in milliseconds). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pipeline", pipeline);
    m.put("runId", runId);
    m.put("provider", provider);
    m.put("outcome", outcome.name());
    List<Map<String, Object>> ps = new ArrayList<>();
    for (PhaseTiming p : phases) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("phase", p.phase());
      pm.put("millis", p.duration().toMillis());
      pm.put("ok", p.ok());
      pm.put("detail", p.detail());
      ps.add(pm);
    }
    m.put("phases", ps);
    m.put("freezeWindowMillis", freezeWindow.map(Duration::toMillis).orElse(null));
    m.put("testExitCode", testExitCode.isPresent() ? testExitCode.getAsInt() : null);
    m.put("testOutputTail", testOutputTail);
    m.put("kept", kept);
    m.put("error", error.orElse(null));
    return m;
  }
}

package dev.snapfork.examples.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a staging run did.
 *
 * @param runId the value of {@link KubernetesStaging#RUN_LABEL} on everything the run created
 * @param passed whether the test Job succeeded
 * @param exitCode the test container's exit code, when Kubernetes reported it
 * @param logs the test pod's log lines
 * @param phases every phase's duration, in order ({@code create}, {@code ready}, {@code test}, {@code teardown})
 * @param deleted how many objects of each kind the teardown deleted
 */
public record StagingResult(String runId, boolean passed, OptionalInt exitCode, List<String> logs,
    Map<String, Duration> phases, Map<String, Integer> deleted) {
  public StagingResult {
    logs = List.copyOf(logs);
    phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    deleted = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(deleted));
  }
}

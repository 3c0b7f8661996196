package dev.snapfork.examples.pipeline;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.VolumeRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A staging pipeline: which volumes to fork, where, which service to start on the copies, which
 * test command to run against them, and what to do afterwards. Read from a file with
 * {@link PipelineFile}; the keys are listed in {@link PipelineFile#KEYS}.
 *
 * @param name the pipeline's name, shown in the report
 * @param sources the volumes forked together (one freeze, one cut)
 * @param stagingName the staging volume's name; with several sources, {@code <stagingName>-<source>}
 * @param serviceCommand started in the background on the staging copies, stopped at teardown
 * @param readyCheck run until it exits 0 before the tests start
 * @param readyTimeout how long {@code readyCheck} may take to pass
 * @param testCommand the tests; exit 0 means passed
 * @param testTimeout how long the tests may run before they are stopped
 * @param teardown what happens to the created objects at the end
 * @param keepFor the expiry label put on everything the run creates (for kept objects)
 * @param workDir where commands run (the pipeline file's directory)
 * @param settings {@code snapfork.*} keys from the file ({@code pipeline.provider} and
 *     {@code pipeline.hooks} become {@code snapfork.provider} and {@code snapfork.hooks})
 */
public record PipelineSpec(
    String name,
    List<VolumeRef> sources,
    String stagingName,
    Optional<String> serviceCommand,
    Optional<String> readyCheck,
    Duration readyTimeout,
    String testCommand,
    Duration testTimeout,
    TeardownPolicy teardown,
    Duration keepFor,
    Path workDir,
    Map<String, String> settings) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** @throws InvalidRequestException naming the key when a value breaks its rule */
  public PipelineSpec {
    if (sources == null || sources.isEmpty()) {
      throw new InvalidRequestException("pipeline.sources", "must name at least one volume");
    }
    if (stagingName == null || !NAME.matcher(stagingName).matches()) {
      throw new InvalidRequestException("pipeline.staging.name",
          "must be a DNS-1123 label (lower-case letters, digits and '-', at most 63), got '" + stagingName + "'");
    }
    if (testCommand == null || testCommand.isBlank()) {
      throw new InvalidRequestException("pipeline.test.command", "is required");
    }
    sources = List.copyOf(sources);
    settings = Map.copyOf(settings);
  }

  /** The staging volume name for {@code source}. */
  public String stagingNameFor(VolumeRef source) {
    return sources.size() == 1 ? stagingName : stagingName + "-" + source.id();
  }
}

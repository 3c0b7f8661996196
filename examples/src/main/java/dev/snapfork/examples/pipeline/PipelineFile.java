package dev.snapfork.examples.pipeline;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.ConfigView;
import dev.snapfork.examples.pipeline.internal.FlatYaml;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@link PipelineSpec} from a {@code .yaml}/{@code .yml} file (a YAML subset: nested maps,
 * scalars, lists of scalars) or a {@code .properties} file with the same dotted keys. Keys under
 * {@code pipeline.} are listed in {@link #KEYS}; keys under {@code snapfork.} are Snapfork
 * configuration (validated when the run builds its configuration); anything else is an error.
 */
public final class PipelineFile {
  /** Every key under {@code pipeline.} a file may set. */
  public static final Set<String> KEYS = Set.of("pipeline.name", "pipeline.provider", "pipeline.sources", "pipeline.hooks",
      "pipeline.staging.name", "pipeline.staging.service", "pipeline.staging.ready-check",
      "pipeline.staging.ready-timeout", "pipeline.test.command", "pipeline.test.timeout", "pipeline.teardown",
      "pipeline.keep-for");

  private PipelineFile() {}

  /**
   * Reads and validates a pipeline file.
   *
   * @throws InvalidRequestException naming the file or key for a missing file, a syntax error, an
   *     unknown key or a bad value
   */
  public static PipelineSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRequestException("FILE", "cannot read pipeline file " + file + ": " + e.getMessage(), e);
    }
    String name = file.getFileName().toString();
    Map<String, String> flat;
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      flat = FlatYaml.parse(name, text);
    } else if (name.endsWith(".properties")) {
      flat = properties(name, text);
    } else {
      throw new InvalidRequestException("FILE", "a pipeline file ends in .yaml, .yml or .properties, got " + name);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(flat, dir, name.replaceFirst("\\.(ya?ml|properties)$", ""));
  }

  /**
   * Builds a spec from flat keys.
   *
   * @throws InvalidRequestException naming the key for an unknown key or a bad value
   */
  public static PipelineSpec parse(Map<String, String> flat, Path workDir, String defaultName) {
    Map<String, String> pipeline = new TreeMap<>();
    Map<String, String> settings = new LinkedHashMap<>();
    flat.forEach((k, v) -> {
      if (k.startsWith("snapfork.")) {
        settings.put(k, v);
      } else if (KEYS.contains(k)) {
        pipeline.put(k.substring("pipeline.".length()), v);
      } else {
        throw new InvalidRequestException(k, "unknown pipeline key; known keys are " + knownKeys()
            + " and snapfork.* configuration");
      }
    });
    ConfigView v = new ConfigView("pipeline.", pipeline);
    v.string("provider").ifPresent(p -> settings.put("snapfork.provider", p));
    v.string("hooks").ifPresent(h -> settings.put("snapfork.hooks", h));
    List<VolumeRef> sources = v.list("sources").stream().map(VolumeRef::of).toList();
    return new PipelineSpec(
        v.string("name", defaultName),
        sources,
        v.string("staging.name").orElse(null),
        v.string("staging.service").filter(s -> !s.isBlank()),
        v.string("staging.ready-check").filter(s -> !s.isBlank()),
        v.duration("staging.ready-timeout", Duration.ofSeconds(60)),
        v.string("test.command").orElse(null),
        v.duration("test.timeout", Duration.ofMinutes(30)),
        TeardownPolicy.parse("pipeline.teardown", v.string("teardown", "always")),
        v.duration("keep-for", Duration.ofHours(24)),
        workDir,
        settings);
  }

  private static Map<String, String> properties(String source, String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidRequestException(source, "not a valid properties file: " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).strip()));
    return out;
  }

  private static String knownKeys() {
    return String.join(", ", KEYS.stream().sorted().toList());
  }
}

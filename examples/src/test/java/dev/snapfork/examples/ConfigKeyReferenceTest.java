package dev.snapfork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.config.CoreKeys;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.Providers;
import dev.snapfork.examples.pipeline.PipelineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration key table lists exactly the keys the code accepts. */
class ConfigKeyReferenceTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `((?:snapfork|pipeline)\\.[^`]+)` \\|");

  @Test
  void theReadmeTableMatchesTheCode() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Set<String> documented = new TreeSet<>();
    Matcher m = ROW.matcher(readme);
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> actual = new TreeSet<>(CoreKeys.ALL);
    Providers.available().forEach(f -> f.configKeys().forEach(k -> actual.add(CoreKeys.PREFIX + f.name() + "." + k)));
    Hooks.available().forEach(f -> f.configKeys().forEach(k -> actual.add(CoreKeys.HOOK_PREFIX + f.name() + "." + k)));
    actual.addAll(PipelineFile.KEYS);

    assertThat(documented).as("keys in README.md but not in the code").isSubsetOf(actual);
    assertThat(actual).as("keys in the code missing from the README.md table (add a row for each)").isSubsetOf(documented);
    assertThat(documented).contains("snapfork.local.root", "pipeline.test.command");
  }
}

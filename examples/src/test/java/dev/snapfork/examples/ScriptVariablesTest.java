package dev.snapfork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.config.SnapforkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project's own scripts keep their variables out of Snapfork's key space (issue 15: the CI
 * database script's {@code SNAPFORK_DB_ROOT} made every command fail with "unknown key"): every
 * {@code SNAPFORK_*} name they mention must be a Snapfork key's variable.
 */
class ScriptVariablesTest {
  private static final Pattern NAME = Pattern.compile("\\bSNAPFORK_[A-Z0-9_]+");
  private static final List<String> SCRIPTS = List.of("ci/databases.sh", ".ci/run", "snapfork");

  @Test
  void scriptsUseNoSnapforkPrefixedNameThatIsNotAKey() throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Map<String, String> env = new TreeMap<>();
    for (String script : SCRIPTS) {
      Path p = repo.resolve(script);
      assertThat(p).as("script %s", script).isRegularFile();
      Matcher m = NAME.matcher(Files.readString(p));
      while (m.find()) {
        env.put(m.group(), "x");
      }
    }
    // Building fails for a name under a provider/hook prefix or a typo of a key, and warns for
    // any other unknown SNAPFORK_* name; a script's own variable would be one or the other.
    SnapforkConfig config = SnapforkConfig.builder().systemProperties(Map.of()).environment(env).build();
    assertThat(config.warnings()).as("script variables inside the SNAPFORK_ key space").isEmpty();
  }
}

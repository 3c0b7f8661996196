package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.config.Fakes.FakeProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each layer beats the ones below it: code > system property > environment > file > default. */
class PrecedenceTest {
  private static final String KEY = "snapfork.px.endpoint";
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void writeFile() throws Exception {
    file = dir.resolve("snapfork.properties");
    Files.writeString(file, KEY + "=from-file\n");
  }

  private SnapforkConfig.Builder builder() {
    return Fakes.isolated().providerFactories(new FakeProviderFactory("px", true, "endpoint"))
        .defaults(Map.of(KEY, "from-default"));
  }

  @Test
  void codeBeatsSystemPropertyEnvironmentFileAndDefault() {
    SnapforkConfig c = builder().set(KEY, "from-code").systemProperties(Map.of(KEY, "from-sysprop"))
        .environment(Map.of("SNAPFORK_PX_ENDPOINT", "from-env")).file(file).build();
    assertThat(c.get(KEY)).contains("from-code");
    assertThat(c.lookup(KEY).orElseThrow().source()).isEqualTo(ConfigSource.CODE);
  }

  @Test
  void systemPropertyBeatsEnvironmentFileAndDefault() {
    SnapforkConfig c = builder().systemProperties(Map.of(KEY, "from-sysprop"))
        .environment(Map.of("SNAPFORK_PX_ENDPOINT", "from-env")).file(file).build();
    assertThat(c.get(KEY)).contains("from-sysprop");
    assertThat(c.lookup(KEY).orElseThrow().origin()).isEqualTo("system property " + KEY);
  }

  @Test
  void environmentBeatsFileAndDefault() {
    SnapforkConfig c = builder().environment(Map.of("SNAPFORK_PX_ENDPOINT", "from-env")).file(file).build();
    assertThat(c.get(KEY)).contains("from-env");
    assertThat(c.lookup(KEY).orElseThrow().origin()).isEqualTo("environment variable SNAPFORK_PX_ENDPOINT");
  }

  @Test
  void fileBeatsDefault() {
    SnapforkConfig c = builder().file(file).build();
    assertThat(c.get(KEY)).contains("from-file");
    assertThat(c.lookup(KEY).orElseThrow().origin()).isEqualTo("file " + file);
    assertThat(c.lookup(KEY).orElseThrow().source()).isEqualTo(ConfigSource.FILE);
  }

  @Test
  void defaultIsUsedWhenNothingElseSetsTheKey() {
    SnapforkConfig c = builder().build();
    assertThat(c.get(KEY)).contains("from-default");
    assertThat(c.lookup(KEY).orElseThrow().source()).isEqualTo(ConfigSource.DEFAULT);
  }

  @Test
  void coreDefaultsApplyAndAreOverridden() {
    SnapforkConfig c = Fakes.isolated().environment(Map.of("SNAPFORK_MAX_FREEZE", "3s")).build();
    assertThat(c.core().string("max-freeze")).contains("3s");
    assertThat(c.core().string("ready-timeout")).contains(CoreKeys.DEFAULTS.get(CoreKeys.READY_TIMEOUT));
    assertThat(c.core().bool("keep-crash-consistent", true)).isFalse();
  }

  @Test
  void viewsAreRelativeToTheirPrefix() {
    SnapforkConfig c = Fakes.isolated()
        .providerFactories(new FakeProviderFactory("px", true, "endpoint"))
        .hookFactories(new Fakes.FakeHookFactory("mongo", "uri"))
        .set("snapfork.provider", "px").set(KEY, "e").set("snapfork.hook.mongo.uri", "u").build();
    assertThat(c.core().asMap()).containsEntry("provider", "px").doesNotContainKey("px.endpoint");
    assertThat(c.provider("px").asMap()).containsExactly(Map.entry("endpoint", "e"));
    assertThat(c.provider("px").fullKey("endpoint")).isEqualTo(KEY);
    assertThat(c.hook("mongo").asMap()).containsExactly(Map.entry("uri", "u"));
    assertThat(c.get("snapfork.nothing")).isEmpty();
  }
}

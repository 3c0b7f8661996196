package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.Fakes.FakeHookFactory;
import dev.snapfork.config.Fakes.FakeProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private SnapforkConfig.Builder builder() {
    return Fakes.isolated()
        .providerFactories(new FakeProviderFactory("portworx", true, "endpoint", "token"))
        .hookFactories(new FakeHookFactory("mongo", "uri"));
  }

  @Test
  void readsYaml() throws Exception {
    Path f = dir.resolve("snapfork.yaml");
    Files.writeString(f, """
        # Snapfork settings
        snapfork:
          provider: portworx   # the backend
          hooks: [mongo]
          max-freeze: 5s
          portworx:
            endpoint: "px.example:9020"
          hook:
            mongo:
              uri: 'mongodb://db:27017'
        """);
    SnapforkConfig c = builder().file(f).build();
    assertThat(c.core().string("provider")).contains("portworx");
    assertThat(c.core().list("hooks")).containsExactly("mongo");
    assertThat(c.core().duration("max-freeze", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.provider("portworx").string("endpoint")).contains("px.example:9020");
    assertThat(c.hook("mongo").string("uri")).contains("mongodb://db:27017");
  }

  @Test
  void readsYmlExtensionAndDottedKeys() throws Exception {
    Path f = dir.resolve("snapfork.yml");
    Files.writeString(f, "snapfork.portworx.endpoint: px\n");
    assertThat(builder().file(f).build().get("snapfork.portworx.endpoint")).contains("px");
  }

  @Test
  void readsProperties() throws Exception {
    Path f = dir.resolve("snapfork.properties");
    Files.writeString(f, "# comment\nsnapfork.provider = portworx\nsnapfork.hooks=mongo\n");
    SnapforkConfig c = builder().file(f).build();
    assertThat(c.core().string("provider")).contains("portworx");
    assertThat(c.core().list("hooks")).isEqualTo(List.of("mongo"));
  }

  @Test
  void fileNamedBySystemProperty() throws Exception {
    Path f = dir.resolve("x.properties");
    Files.writeString(f, "snapfork.portworx.endpoint=px\n");
    SnapforkConfig c = builder().systemProperties(Map.of("snapfork.config-file", f.toString())).build();
    assertThat(c.get("snapfork.portworx.endpoint")).contains("px");
    assertThat(c.lookup("snapfork.portworx.endpoint").orElseThrow().origin()).isEqualTo("file " + f);
  }

  @Test
  void builderFileOverridesConfigFileKey() throws Exception {
    Path a = dir.resolve("a.properties");
    Path b = dir.resolve("b.properties");
    Files.writeString(a, "snapfork.portworx.endpoint=a\n");
    Files.writeString(b, "snapfork.portworx.endpoint=b\n");
    SnapforkConfig c = builder().systemProperties(Map.of("snapfork.config-file", a.toString())).file(b).build();
    assertThat(c.get("snapfork.portworx.endpoint")).contains("b");
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> builder().file(missing).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("snapfork.config-file")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void malformedYamlNamesFileAndLine() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "snapfork:\n  provider: portworx\n   hooks: mongo\n");
    assertThatThrownBy(() -> builder().file(f).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(f + " line 3");
  }

  @Test
  void fileKeysOutsideSnapforkAreRejected() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, "snapfrok:\n  provider: portworx\n");
    assertThatThrownBy(() -> builder().file(f).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("snapfrok.provider")
        .hasMessageContaining("file " + f);
  }
}

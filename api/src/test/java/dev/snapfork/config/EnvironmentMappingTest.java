package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.Fakes.FakeHookFactory;
import dev.snapfork.config.Fakes.FakeProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentMappingTest {
  private static SnapforkConfig fromEnv(Map<String, String> env) {
    return Fakes.isolated()
        .providerFactories(new FakeProviderFactory("portworx", true, "endpoint", "api-token", "labels.*"))
        .hookFactories(new FakeHookFactory("mongo", "uri", "lock-timeout"))
        .environment(env).build();
  }

  @Test
  void providerKeyMapsFromUpperCaseUnderscores() {
    assertThat(fromEnv(Map.of("SNAPFORK_PORTWORX_ENDPOINT", "px:9020")).get("snapfork.portworx.endpoint")).contains("px:9020");
  }

  @Test
  void dashesAreResolvedAgainstKnownKeys() {
    SnapforkConfig c = fromEnv(Map.of("SNAPFORK_MAX_FREEZE", "5s", "SNAPFORK_PORTWORX_API_TOKEN", "t",
        "SNAPFORK_HOOK_MONGO_LOCK_TIMEOUT", "2s", "SNAPFORK_KEEP_CRASH_CONSISTENT", "true"));
    assertThat(c.get("snapfork.max-freeze")).contains("5s");
    assertThat(c.get("snapfork.portworx.api-token")).contains("t");
    assertThat(c.get("snapfork.hook.mongo.lock-timeout")).contains("2s");
    assertThat(c.get("snapfork.keep-crash-consistent")).contains("true");
  }

  @Test
  void wildcardKeysTakeTheRestOfTheNameLowerCased() {
    assertThat(fromEnv(Map.of("SNAPFORK_PORTWORX_LABELS_TEAM", "core")).get("snapfork.portworx.labels.team")).contains("core");
  }

  @Test
  void otherVariablesAreIgnored() {
    SnapforkConfig c = fromEnv(Map.of("PATH", "/bin", "SNAPFORKX", "1", "HOME", "/root"));
    assertThat(c.values()).allSatisfy(v -> assertThat(v.source()).isEqualTo(ConfigSource.DEFAULT));
  }

  @Test
  void anotherToolsSnapforkVariableIsIgnoredWithAWarning() {
    // issue 15: the CI database script's own SNAPFORK_DB_ROOT made every command fail.
    SnapforkConfig c = fromEnv(Map.of("SNAPFORK_DB_ROOT", "/tmp/x", "SNAPFORK_JAVA_OPTS", "-Xmx1g",
        "SNAPFORK_MAX_FREEZE", "4s"));
    assertThat(c.get("snapfork.max-freeze")).contains("4s");
    assertThat(c.values()).noneMatch(v -> v.origin().contains("SNAPFORK_DB_ROOT") || v.origin().contains("SNAPFORK_JAVA_OPTS"));
    assertThat(c.warnings()).hasSize(2)
        .anySatisfy(w -> assertThat(w).contains("SNAPFORK_DB_ROOT", "ignored"))
        .anySatisfy(w -> assertThat(w).contains("SNAPFORK_JAVA_OPTS", "ignored"));
  }

  @Test
  void knownVariablesOnlyGiveNoWarning() {
    assertThat(fromEnv(Map.of("SNAPFORK_MAX_FREEZE", "4s", "PATH", "/bin")).warnings()).isEmpty();
  }

  @Test
  void unknownVariableUnderTheHookPrefixIsStillAnError() {
    assertThatThrownBy(() -> fromEnv(Map.of("SNAPFORK_HOOK_MONGO_URL", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SNAPFORK_HOOK_MONGO_URL");
  }

  @Test
  void unknownVariableIsAnErrorNamingItWithASuggestion() {
    assertThatThrownBy(() -> fromEnv(Map.of("SNAPFORK_MAX_FREZE", "5s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SNAPFORK_MAX_FREZE")
        .hasMessageContaining("environment variable")
        .hasMessageContaining("did you mean SNAPFORK_MAX_FREEZE (snapfork.max-freeze)?");
  }

  @Test
  void unknownVariableUnderAKnownProviderListsItsKeys() {
    assertThatThrownBy(() -> fromEnv(Map.of("SNAPFORK_PORTWORX_ENDPIONT", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SNAPFORK_PORTWORX_ENDPIONT")
        .hasMessageContaining("SNAPFORK_PORTWORX_ENDPOINT")
        .hasMessageContaining("known keys under snapfork.portworx.: api-token, endpoint");
  }

  @Test
  void variableForAProviderNotOnTheClassPathNamesTheArtifact() {
    assertThatThrownBy(() -> fromEnv(Map.of("SNAPFORK_EBS_REGION", "eu-west-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no provider named 'ebs' is on the class path")
        .hasMessageContaining("environment variable SNAPFORK_EBS_REGION")
        .hasMessageContaining("dev.snapfork:snapfork-ebs");
  }

  @Test
  void variableForAHookNotOnTheClassPathNamesTheArtifact() {
    assertThatThrownBy(() -> fromEnv(Map.of("SNAPFORK_HOOK_MYSQL_URL", "jdbc:x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no hook named 'mysql' is on the class path")
        .hasMessageContaining("dev.snapfork:snapfork-mysql-consistency");
  }

  @Test
  void configFileVariableNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "snapfork.portworx.endpoint=from-file\n");
    SnapforkConfig c = fromEnv(Map.of("SNAPFORK_CONFIG_FILE", f.toString()));
    assertThat(c.get("snapfork.portworx.endpoint")).contains("from-file");
    assertThat(c.lookup("snapfork.config-file").orElseThrow().source()).isEqualTo(ConfigSource.ENVIRONMENT);
  }
}

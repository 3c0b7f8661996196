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

class KeyValidationTest {
  private static SnapforkConfig.Builder builder() {
    return Fakes.isolated()
        .providerFactories(new FakeProviderFactory("portworx", true, "endpoint", "token"),
            new FakeProviderFactory("local", false, "root", "labels.*"))
        .hookFactories(new FakeHookFactory("mongo", "uri"));
  }

  @Test
  void typoInAProviderKeyFromAFileNamesKeySourceSuggestionAndKnownKeys(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("snapfork.yaml");
    Files.writeString(f, "snapfork:\n  portworx:\n    endpiont: px\n");
    assertThatThrownBy(() -> builder().file(f).build())
        .isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.field()).isEqualTo("snapfork.portworx.endpiont"))
        .hasMessage("snapfork.portworx.endpiont: unknown key (from file " + f
            + "); did you mean snapfork.portworx.endpoint?; known keys under snapfork.portworx.: endpoint, token");
  }

  @Test
  void typoInACoreKeyFromASystemPropertySuggestsTheCoreKey() {
    assertThatThrownBy(() -> builder().systemProperties(Map.of("snapfork.provder", "portworx")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("snapfork.provder: unknown key (from system property snapfork.provder)")
        .hasMessageContaining("did you mean snapfork.provider?");
  }

  @Test
  void unknownKeySetInCodeWithoutCloseMatchListsKeys() {
    assertThatThrownBy(() -> builder().set("snapfork.portworx.zzzzzzzz", "x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("(from code)")
        .hasMessageNotContaining("did you mean")
        .hasMessageContaining("known keys under snapfork.portworx.: endpoint, token");
  }

  @Test
  void providerNotOnTheClassPathNamesTheArtifact() {
    assertThatThrownBy(() -> builder().set("snapfork.ebs.region", "eu-west-1").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("snapfork.ebs.region")
        .hasMessageContaining("no provider named 'ebs' is on the class path (from code)")
        .hasMessageContaining("add the artifact dev.snapfork:snapfork-ebs")
        .hasMessageContaining("available providers: portworx, local");
  }

  @Test
  void csiMapsToItsArtifact() {
    assertThatThrownBy(() -> builder().set("snapfork.csi.namespace", "x").build())
        .hasMessageContaining("dev.snapfork:snapfork-csi-snapshot");
  }

  @Test
  void hookNotOnTheClassPathNamesTheArtifact() {
    assertThatThrownBy(() -> builder().set("snapfork.hook.postgres.url", "jdbc:x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no hook named 'postgres' is on the class path")
        .hasMessageContaining("dev.snapfork:snapfork-postgres-consistency");
  }

  @Test
  void typoInAHookKeySuggestsTheHookKey() {
    assertThatThrownBy(() -> builder().set("snapfork.hook.mongo.urii", "x").build())
        .hasMessageContaining("did you mean snapfork.hook.mongo.uri?")
        .hasMessageContaining("known keys under snapfork.hook.mongo.: uri");
  }

  @Test
  void unknownNonWellKnownProviderListsAvailable() {
    assertThatThrownBy(() -> builder().set("snapfork.zfs.pool", "x").build())
        .hasMessageContaining("no provider named 'zfs' is on the class path")
        .hasMessageNotContaining("add the artifact")
        .hasMessageContaining("available providers: portworx, local");
  }

  @Test
  void wildcardKeysAcceptSubKeys() {
    SnapforkConfig c = builder().set("snapfork.local.labels.team", "core").build();
    assertThat(c.provider("local").sub("labels").asMap()).containsEntry("team", "core");
  }

  @Test
  void keysOutsideSnapforkAreIgnoredInSystemPropertiesButRejectedInCode() {
    assertThat(builder().systemProperties(Map.of("user.home", "/root")).build().get("user.home")).isEmpty();
    assertThatThrownBy(() -> builder().set("provider", "x").build())
        .hasMessageContaining("provider: not a Snapfork key (from code)");
  }

  @Test
  void duplicateFactoryNamesAreAnError() {
    assertThatThrownBy(() -> Fakes.isolated()
        .providerFactories(new FakeProviderFactory("px", true), new FakeProviderFactory("px", true)).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two provider factories are named 'px'");
  }
}

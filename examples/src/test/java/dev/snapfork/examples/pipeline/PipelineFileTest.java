package dev.snapfork.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.VolumeRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFileTest {
  @TempDir
  Path dir;

  @Test
  void readsTheYamlSubset() throws Exception {
    Path f = dir.resolve("nightly.yaml");
    Files.writeString(f, """
        # nightly staging
        pipeline:
          provider: local
          sources:
            - orders
            - "users"   # quoted
          hooks: [mongo]
          staging:
            name: staging
            service: 'mongod --dbpath "$STAGING_PATH"'
            ready-check: mongosh --eval 'db.runCommand({ping: 1})'
            ready-timeout: 90s
          test:
            command: ./run-tests.sh
            timeout: 10m
          teardown: on-success
          keep-for: 2h
        snapfork:
          local:
            root: /data/snapfork
        """);
    PipelineSpec s = PipelineFile.read(f);
    assertThat(s.name()).isEqualTo("nightly");
    assertThat(s.sources()).containsExactly(VolumeRef.of("orders"), VolumeRef.of("users"));
    assertThat(s.stagingNameFor(VolumeRef.of("users"))).isEqualTo("staging-users");
    assertThat(s.serviceCommand()).hasValue("mongod --dbpath \"$STAGING_PATH\"");
    assertThat(s.readyCheck()).hasValue("mongosh --eval 'db.runCommand({ping: 1})'");
    assertThat(s.readyTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.testTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.teardown()).isEqualTo(TeardownPolicy.ON_SUCCESS);
    assertThat(s.keepFor()).isEqualTo(Duration.ofHours(2));
    assertThat(s.workDir()).isEqualTo(dir.toAbsolutePath());
    assertThat(s.settings()).containsEntry("snapfork.local.root", "/data/snapfork").containsEntry("snapfork.provider", "local")
        .containsEntry("snapfork.hooks", "mongo");
  }

  @Test
  void readsPropertiesWithTheSameKeys() throws Exception {
    Path f = dir.resolve("p.properties");
    Files.writeString(f, "pipeline.sources=prod\npipeline.staging.name=stage\npipeline.test.command=make test\n");
    PipelineSpec s = PipelineFile.read(f);
    assertThat(s.teardown()).isEqualTo(TeardownPolicy.ALWAYS);
    assertThat(s.testCommand()).isEqualTo("make test");
    assertThat(s.keepFor()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void badFilesAreRejectedNamingTheKeyOrLine() throws Exception {
    assertThatThrownBy(() -> PipelineFile.read(write("a.yaml", "pipeline:\n  sources: [p]\n  tset:\n    command: x\n")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pipeline.tset.command");
    assertThatThrownBy(() -> PipelineFile.read(write("b.yaml", "pipeline:\n  sources: [p]\n  staging:\n    name: s\n")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pipeline.test.command");
    assertThatThrownBy(() -> PipelineFile.read(write("c.yaml",
        "pipeline:\n  sources: [p]\n  staging:\n    name: s\n  test:\n    command: t\n  teardown: sometimes\n")))
        .hasMessageContaining("pipeline.teardown").hasMessageContaining("always, on-success or keep");
    assertThatThrownBy(() -> PipelineFile.read(write("d.yaml", "pipeline:\n  sources: [p]\n  staging:\n    name: Bad_Name\n")))
        .hasMessageContaining("pipeline.staging.name");
    assertThatThrownBy(() -> PipelineFile.read(write("e.yaml", "pipeline:\n  test:\n    command: |\n      x\n")))
        .hasMessageContaining("e.yaml:3");
    assertThatThrownBy(() -> PipelineFile.read(write("f.txt", "x")))
        .hasMessageContaining(".yaml, .yml or .properties");
    assertThatThrownBy(() -> PipelineFile.read(dir.resolve("missing.yaml")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("missing.yaml");
    assertThatThrownBy(() -> PipelineFile.read(write("g.yaml",
        "pipeline:\n  sources: [p]\n  staging:\n    name: s\n  test:\n    command: t\n    timeout: -1s\n")))
        .hasMessageContaining("pipeline.test.timeout");
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }
}

package dev.snapfork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.examples.demo.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir
  Path root;

  @Test
  void demoPassesEveryCheckAndLeavesOnlyProductionBehind() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    boolean ok = new Demo(new PrintStream(buffer, true, StandardCharsets.UTF_8), root, 30, 8).run();
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(ok).as(out).isTrue();
    assertThat(out).contains("FREEZE", "CUT production", "CLONE staging", "staging matches the snapshot", "Demo passed")
        .doesNotContain("FAIL");
    try (Stream<Path> volumes = Files.list(root.resolve("volumes"))) {
      assertThat(volumes.map(p -> p.getFileName().toString())).containsExactly("production");
    }
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(SnapforkMain.run(new String[] {"frobnicate"})).isEqualTo(2);
    assertThat(SnapforkMain.run(new String[] {"demo", "--bogus"})).isEqualTo(2);
  }
}

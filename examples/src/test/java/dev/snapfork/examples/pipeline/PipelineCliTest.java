package dev.snapfork.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.examples.SnapforkMain;
import dev.snapfork.examples.cli.ExitCodes;
import dev.snapfork.examples.cli.SnapforkCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code snapfork pipeline run} through the CLI, and a real Ctrl-C (SIGINT) on a separate JVM. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX shell commands and kill -INT")
class PipelineCliTest {
  @TempDir
  Path dir;
  Path root;

  @BeforeEach
  void production() throws Exception {
    root = dir.resolve("root");
    Files.createDirectories(root.resolve("volumes/prod"));
    Files.writeString(root.resolve("volumes/prod/orders.txt"), "order-1\n");
  }

  private Path pipeline(String test) throws Exception {
    Path f = dir.resolve("staging.yaml");
    Files.writeString(f, "pipeline:\n  provider: local\n  sources: [prod]\n  staging:\n    name: staging\n  test:\n    command: '" + test + "'\n"
        + "snapfork:\n  local:\n    root: " + root + "\n");
    return f;
  }

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SnapforkCli.run(args, new PrintWriter(out), new PrintWriter(err), Map.of(), Map.of(), false);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void aPassingPipelinePrintsTheReportAndExitsZero() throws Exception {
    String[] r = run("pipeline", "run", pipeline("cat \"$STAGING_PATH/orders.txt\"").toString());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("Pipeline staging", "PASSED", "snapshot", "clone", "test", "teardown", "freeze window:",
        "test exit code: 0");
    assertThat(r[2]).contains("test| order-1");
  }

  @Test
  void aFailingTestCommandExitsWithTheTestFailedCode() throws Exception {
    String[] r = run("pipeline", "run", pipeline("exit 7").toString(), "-o", "json");
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.TEST_FAILED));
    assertThat(r[1]).contains("\"outcome\": \"TESTS_FAILED\"", "\"testExitCode\": 7");
    assertThat(volumes()).containsExactly("prod");
  }

  @Test
  void aBadPipelineFileIsAUsageError() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "pipeline:\n  sorces: [prod]\n");
    String[] r = run("pipeline", "run", f.toString());
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
    assertThat(r[2]).contains("pipeline.sorces");
  }

  @Test
  void ctrlCOnARunningPipelineTearsDownBeforeTheProcessExits() throws Exception {
    Path started = dir.resolve("tests-started");
    Path file = pipeline("touch " + started + "; exec sleep 60");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SnapforkMain.class.getName(),
        "pipeline", "run", file.toString()).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    Thread pump = new Thread(() -> {
      try {
        output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (java.io.IOException e) {
        output.append(e);
      }
    });
    pump.start();
    for (int i = 0; i < 3000 && !Files.exists(started) && p.isAlive(); i++) {
      Thread.sleep(10);
    }
    assertThat(started).as(output::toString).exists();
    assertThat(volumes()).contains("staging");

    Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output::toString).isTrue();
    pump.join(5000);

    assertThat(p.exitValue()).isEqualTo(130);
    assertThat(output.toString()).contains("INTERRUPTED", "deleted 1 volume(s), 1 snapshot(s)");
    assertThat(volumes()).containsExactly("prod");
    assertThat(Files.list(root.resolve("snapshots")).toList()).isEmpty();
  }

  private List<String> volumes() throws Exception {
    try (Stream<Path> s = Files.list(root.resolve("volumes"))) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }
}

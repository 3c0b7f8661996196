package dev.snapfork.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a new user runs it on a fresh clone: the real entry point ({@link SnapforkMain}) in
 * a child JVM with an empty environment, no configuration file, no {@code -D} settings and a
 * fresh home directory, with every backend on the class path (as in the CLI jar).
 */
class CliOutOfTheBoxTest {
  @TempDir Path home;

  record Run(int code, String out, String err) {}

  private Run snapfork(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), SnapforkMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    pb.environment().clear();
    pb.redirectOutput(home.resolve("out.txt").toFile()).redirectError(home.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("snapfork " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(home.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void providersWithNothingConfiguredListsEveryBackendSelectsLocalAndSaysSoOnce() throws Exception {
    Run r = snapfork("providers");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("local\\s+true\\s+CLONE,RESTORE_IN_PLACE,VOLUME_MANAGEMENT\\s+ok")
        .containsPattern("portworx\\s+false").containsPattern("csi\\s+false").containsPattern("ebs\\s+false");
    assertThat(r.err().lines().toList()).as("one line on stderr").hasSize(1).first().asString()
        .contains("no provider configured", "embedded local provider", home.resolve(".snapfork").toString(), "snapfork.provider");
  }

  @Test
  void snapshotListWithNothingConfiguredRunsOnTheLocalProvider() throws Exception {
    Run r = snapfork("snapshot", "list");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ID");
    assertThat(r.err().lines().toList()).hasSize(1).first().asString().contains("embedded local provider");
    assertThat(home.resolve(".snapfork/local")).as("the local provider's default root, in the user's home").isDirectory();
  }
}

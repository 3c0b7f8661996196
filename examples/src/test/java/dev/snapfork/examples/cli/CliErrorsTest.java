package dev.snapfork.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and bad configuration: one clear line, a non-zero exit, no secret in sight. */
class CliErrorsTest {
  @TempDir
  Path root;

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    CliRunner cli = new CliRunner(root);
    CliRunner.Result unknown = cli.raw("frobnicate");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("Unmatched argument", "frobnicate", "snapfork --help");

    CliRunner.Result option = cli.local("snapshot", "list", "--bogus");
    assertThat(option.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(option.err()).contains("Unknown option: '--bogus'", "snapfork snapshot list --help");

    assertThat(cli.local("-o", "xml", "providers").err()).contains("xml");
    assertThat(cli.local("-o", "xml", "providers").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.local("fork", "prod").err()).contains("--target");
    assertThat(cli.local("snapshot", "wait", "x", "--timeout", "soon").err()).contains("'soon' is not a positive duration");
    assertThat(cli.local("snapshot", "list", "--limit", "0").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void noArgumentsShowsUsageAndFails() {
    CliRunner.Result r = new CliRunner(root).raw();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required subcommand", "Usage: snapfork");
  }

  @Test
  void unknownConfigurationKeysFailNamingTheKey() throws Exception {
    CliRunner cli = new CliRunner(root);
    CliRunner.Result typo = cli.local("-D", "local.rot=/x", "providers");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).contains("snapfork.local.rot").hasLineCount(1);

    Path file = root.resolve("snapfork.yaml");
    Files.writeString(file, "snapfork:\n  max-freez: 5s\n");
    CliRunner.Result fromFile = cli.local("-c", file.toString(), "providers");
    assertThat(fromFile.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromFile.err()).contains("snapfork.max-freez", "snapfork.yaml");

    CliRunner.Result missing = cli.local("-c", root.resolve("nope.yaml").toString(), "providers");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--config", "nope.yaml", "does not exist");

    CliRunner env = new CliRunner(root, Map.of("SNAPFORK_MAX_FREEZE", "-3s"));
    CliRunner.Result badValue = env.local("fork", "prod", "--target", "s");
    assertThat(badValue.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badValue.err()).contains("snapfork.max-freeze");
  }

  @Test
  void anotherToolsSnapforkVariableDoesNotBreakCommands() {
    // issue 15: SNAPFORK_DB_ROOT (the CI database script's own variable) made every command fail.
    CliRunner env = new CliRunner(root, Map.of("SNAPFORK_DB_ROOT", "/tmp/snapfork-db/local-root"));
    CliRunner.Result r = env.local("providers");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("unknown key");
  }

  @Test
  void configurationFromAFileSelectsTheRoot() throws Exception {
    Files.createDirectories(root.resolve("volumes/prod"));
    Path file = root.resolve("snapfork.properties");
    Files.writeString(file, "snapfork.provider=local\nsnapfork.local.root=" + root.toString().replace("\\", "\\\\") + "\n");
    CliRunner.Result r = new CliRunner(root).raw("-c", file.toString(), "snapshot", "create", "prod", "--name", "fromfile");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(root.resolve("snapshots/fromfile")).exists();
  }

  @Test
  void secretsInErrorsAreMasked() {
    CliRunner cli = new CliRunner(root);
    CliRunner.Result r = cli.local("--provider", "https://admin:hunter2@portworx", "providers");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).doesNotContain("hunter2").contains("admin:****@");

    CliRunner.Result flag = cli.local("-D", "local.api-token=s3cr3t-value", "providers");
    assertThat(flag.err()).doesNotContain("s3cr3t-value").contains("snapfork.local.api-token");
  }
}

package dev.snapfork.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command through picocli in-process on the local provider: output and exit codes. */
class CliCommandsTest {
  @TempDir
  Path root;
  CliRunner cli;

  @BeforeEach
  void production() throws Exception {
    Files.createDirectories(root.resolve("volumes/prod"));
    Files.writeString(root.resolve("volumes/prod/orders.txt"), "order-1\n");
    cli = new CliRunner(root);
  }

  @Test
  void providersListsTheLocalProviderAsSelectedWithItsCapabilities() throws Exception {
    CliRunner.Result r = cli.local("providers");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("NAME").containsPattern("local\\s+true\\s+CLONE,RESTORE_IN_PLACE,VOLUME_MANAGEMENT\\s+ok");

    // The other backends are listed without being opened (opening one loads its whole client).
    assertThat(r.out()).containsPattern("portworx\\s+false\\s+-?\\s*not opened \\(select it with -p portworx");

    CliRunner.Result json = cli.local("providers", "-o", "json");
    assertThat(json.out()).contains("\"name\": \"local\"", "\"selected\": true", "\"snapfork.local.root\"");

    // Tests reach loopback only: point the Kubernetes backend at a closed loopback port (its API
    // discovery then fails at once) and keep the AWS SDK off the instance metadata service.
    java.nio.file.Path kubeconfig = root.resolve("kubeconfig");
    java.nio.file.Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
        current-context: x
        """);
    CliRunner.Result all = cli.local("-D", "snapfork.csi.kubeconfig=" + kubeconfig, "-D", "snapfork.ebs.region=us-east-1",
        "-D", "snapfork.ebs.endpoint=http://127.0.0.1:1", "-D", "snapfork.ebs.ebs-endpoint=http://127.0.0.1:1",
        "providers", "--check-all");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out()).contains("not usable: snapfork.portworx.endpoint").doesNotContain("not opened");
  }

  @Test
  void anUnknownProviderFailsWithTheDiscoveryErrorNamingTheAvailableOnes() {
    CliRunner.Result fork = cli.local("--provider", "nosuch", "fork", "prod", "--target", "staging");
    assertThat(fork.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(fork.err()).contains("'nosuch'", "local").hasLineCount(1);

    CliRunner.Result providers = cli.local("-p", "nosuch", "providers");
    assertThat(providers.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(providers.out()).contains("local", "portworx", "csi", "ebs");
    assertThat(providers.err()).contains("'nosuch'");
  }

  @Test
  void anUnknownHookFailsBeforeAnythingIsCut() throws Exception {
    CliRunner.Result r = cli.local("fork", "prod", "--target", "staging", "--hooks", "nosuch");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("'nosuch'");
    assertThat(root.resolve("volumes/staging")).doesNotExist();
    try (Stream<Path> snapshots = Files.list(root.resolve("snapshots"))) {
      assertThat(snapshots).isEmpty();
    }
  }

  @Test
  void snapshotCreateGetListWaitDelete() {
    CliRunner.Result created = cli.local("snapshot", "create", "prod", "--name", "nightly", "--label", "team=qa", "--wait");
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).contains("id:", "nightly", "state:", "READY", "freezeWindow:");

    assertThat(cli.local("snapshot", "get", "nightly", "-o", "yaml").out())
        .contains("name: nightly", "source: prod", "team: qa", Labels.MANAGED_BY + ": snapfork");
    CliRunner.Result list = cli.local("snapshot", "list", "--volume", "prod");
    assertThat(list.out()).startsWith("ID").contains("nightly");
    assertThat(cli.local("snapshot", "list", "--label", "team=other").out().strip()).isEqualTo(
        "ID  NAME  SOURCE  STATE  CUTAT  SIZEBYTES");
    assertThat(cli.local("snapshot", "wait", "nightly", "--timeout", "5s").code()).isZero();

    CliRunner.Result deleted = cli.local("snapshot", "delete", "nightly");
    assertThat(deleted.code()).isZero();
    assertThat(deleted.out()).contains("deleted snapshot nightly");
    CliRunner.Result again = cli.local("snapshot", "delete", "nightly", "-o", "json");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("\"deleted\": false");
  }

  @Test
  void missingObjectsExitWithTheNotFoundCode() {
    CliRunner.Result get = cli.local("snapshot", "get", "nope");
    assertThat(get.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(get.err()).isEqualTo("snapfork snapshot get: snapshot not found: nope" + System.lineSeparator());
    assertThat(cli.local("snapshot", "create", "no-such-volume").code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli.local("clone", "nope", "--target", "x").code()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void stackTracesOnlyWithVerbose() {
    assertThat(cli.local("snapshot", "get", "nope").err()).doesNotContain("\tat ");
    assertThat(cli.local("-v", "snapshot", "get", "nope").err()).contains("NotFoundException", "\tat ");
  }

  @Test
  void cloneAndRestore() throws Exception {
    cli.local("snapshot", "create", "prod", "--name", "s1");
    CliRunner.Result clone = cli.local("clone", "s1", "--target", "copy", "-o", "json");
    assertThat(clone.code()).as(clone.err()).isZero();
    assertThat(clone.out()).contains("\"id\": \"copy\"", "\"sourceSnapshot\": \"s1\"");
    assertThat(root.resolve("volumes/copy/orders.txt")).hasContent("order-1");

    Files.writeString(root.resolve("volumes/prod/orders.txt"), "changed\n");
    CliRunner.Result refused = cli.local("restore", "s1");
    assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("--yes");
    assertThat(root.resolve("volumes/prod/orders.txt")).hasContent("changed");
    assertThat(cli.local("restore", "s1", "--yes").code()).isZero();
    assertThat(root.resolve("volumes/prod/orders.txt")).hasContent("order-1");
  }

  @Test
  void forkThenCleanupTouchesOnlyManagedObjects() throws Exception {
    CliRunner.Result fork = cli.local("fork", "prod", "--target", "staging", "--expires", "2h");
    assertThat(fork.code()).as(fork.err()).isZero();
    assertThat(fork.out()).contains("volume:", "staging", "freezeWindow:", "expiresAt:");
    assertThat(root.resolve("volumes/staging/orders.txt")).hasContent("order-1");

    CliRunner.Result expired = cli.local("cleanup");
    assertThat(expired.code()).isZero();
    assertThat(expired.out()).doesNotContain("staging");

    CliRunner.Result dry = cli.local("cleanup", "--all", "--dry-run");
    assertThat(dry.out()).contains("WOULD_DELETE").doesNotContain(" prod ");
    assertThat(root.resolve("volumes/staging")).exists();

    CliRunner.Result all = cli.local("cleanup", "--all", "-o", "yaml");
    assertThat(all.code()).isZero();
    assertThat(all.out()).contains("outcome: DELETED");
    try (Stream<Path> volumes = Files.list(root.resolve("volumes"))) {
      assertThat(volumes.map(p -> p.getFileName().toString())).containsExactly("prod");
    }
  }

  @Test
  void expiredForksAreCleanedUpByDefault() throws Exception {
    assertThat(cli.local("fork", "prod", "--target", "brief", "--expires", "1ms").code()).isZero();
    Thread.sleep(5);
    CliRunner.Result cleanup = cli.local("cleanup");
    assertThat(cleanup.out()).contains("brief", "DELETED");
    assertThat(root.resolve("volumes/brief")).doesNotExist();
    assertThat(root.resolve("volumes/prod")).exists();
  }

  @Test
  void mongoUnlockAgainstAnUnreachableServerFailsAsUnavailableWithoutPrintingTheSecret() {
    // Loopback port 1: nothing listens, the connection is refused at once.
    CliRunner.Result r = cli.local("-D", "snapfork.hook.mongo.connect-timeout=1s", "mongo", "unlock",
        "--uri", "mongodb://admin:hunter2@127.0.0.1:1", "--force");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(r.err()).isNotBlank().doesNotContain("hunter2");
    assertThat(r.out()).doesNotContain("hunter2");

    CliRunner.Result noUri = cli.local("mongo", "unlock");
    assertThat(noUri.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noUri.err()).contains("--uri", "snapfork.hook.mongo.connection-string");
  }

  @Test
  void configShowListsEffectiveValuesWithOrigins() {
    CliRunner.Result r = cli.local("config", "show");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("snapfork.local.root", root.toString(), "snapfork.max-freeze", "10s", "default");
  }

  @Test
  void demoHelpIsKept() {
    CliRunner.Result r = cli.raw("demo", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--root", "--keep");
  }
}

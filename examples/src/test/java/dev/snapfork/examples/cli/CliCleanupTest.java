package dev.snapfork.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snapfork cleanup}: lingering deletes are reported as such, and the scope covered is stated. */
class CliCleanupTest {
  @TempDir
  Path root;
  private CliRunner cli;

  @BeforeEach
  void open() {
    cli = new CliRunner(root);
    LingeringDeletesProviderFactory.SNAPSHOTS.clear();
  }

  @AfterEach
  void reset() {
    LingeringDeletesProviderFactory.SNAPSHOTS.clear();
  }

  @Test
  void aSnapshotStillBeingDeletedIsReportedDeletingNotAlreadyGone() {
    LingeringDeletesProviderFactory.seed("ns/held");
    CliRunner.Result first = cli.raw("-p", LingeringDeletesProviderFactory.NAME, "-o", "yaml", "cleanup", "--all");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("id: ns/held", "outcome: DELETED");

    CliRunner.Result again = cli.raw("-p", LingeringDeletesProviderFactory.NAME, "-o", "yaml", "cleanup", "--all");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("id: ns/held", "outcome: " + CleanupCommand.DELETING).doesNotContain("ALREADY_GONE");
  }

  @Test
  void theScopeCoveredIsStatedInTheOutputAndTheHelp() {
    CliRunner.Result r = cli.local("cleanup");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("cleanup covered what provider 'local' lists");

    CliRunner.Result help = cli.raw("cleanup", "--help");
    assertThat(help.out().replaceAll("\\s+", " ")).contains("snapfork.csi.namespace", "one namespace", "once per namespace", "DELETING");
  }
}

package dev.snapfork.examples.cli;

import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.Snapshotter;
import dev.snapfork.examples.cli.internal.Views;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapfork cleanup [--all] [--dry-run]}: deletes expired (or all) managed volumes and snapshots. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
    description = "Delete managed volumes and snapshots whose expiry has passed (or all managed ones with --all). "
        + "Objects without the snapfork ownership label are never touched.")
final class CleanupCommand extends BaseCommand {
  @Option(names = "--all", description = "Also delete managed objects that have not expired (or have no expiry).")
  boolean all;
  @Option(names = "--dry-run", description = "Only show what would be deleted.")
  boolean dryRun;

  @Override
  int run() {
    CleanupRequest request = CleanupRequest.EXPIRED;
    if (all) {
      request = request.includingUnexpired();
    }
    if (dryRun) {
      request = request.asDryRun();
    }
    CleanupReport report;
    try (Snapshotter s = Snapshotter.builder(session.provider()).build()) {
      report = s.cleanup(request);
    }
    session.printer().list(report.items().stream().map(Views::cleanupItem).toList(),
        List.of("kind", "id", "expiresAt", "outcome", "error"));
    return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}

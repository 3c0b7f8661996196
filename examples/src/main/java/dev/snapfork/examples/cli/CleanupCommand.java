package dev.snapfork.examples.cli;

import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.NotFoundException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotState;
import dev.snapfork.Snapshotter;
import dev.snapfork.examples.cli.internal.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snapfork cleanup [--all] [--dry-run]}: deletes expired (or all) managed volumes and
 * snapshots that the configured provider lists. A snapshot the backend still holds as being deleted
 * (e.g. behind Kubernetes finalizers) is reported {@code DELETING}, not {@code ALREADY_GONE}; the
 * scope covered (the provider and where it points) is printed to stderr.
 */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
    description = {"Delete managed volumes and snapshots whose expiry has passed (or all managed ones with --all). "
        + "Objects without the snapfork ownership label are never touched.",
        "Only what the configured provider lists is covered: on csi that is one namespace, snapfork.csi.namespace "
        + "(default: the kubeconfig context's namespace, else 'default'); run it once per namespace. "
        + "The scope covered is printed to stderr.",
        "OUTCOME: DELETED, WOULD_DELETE (--dry-run), ALREADY_GONE, DELETING (the backend is still deleting it, "
        + "e.g. a VolumeSnapshot held by finalizers), FAILED."})
final class CleanupCommand extends BaseCommand {
  /** Outcome shown for an object the backend still reports as being deleted. */
  static final String DELETING = "DELETING";

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
    SnapshotProvider provider = session.provider();
    CleanupReport report;
    try (Snapshotter s = Snapshotter.builder(provider).build()) {
      report = s.cleanup(request);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CleanupReport.Item item : report.items()) {
      Map<String, Object> row = Views.cleanupItem(item);
      if (item.outcome() == CleanupReport.Outcome.ALREADY_GONE && "snapshot".equals(item.kind()) && stillDeleting(provider, item.id())) {
        row.put("outcome", DELETING);
      }
      rows.add(row);
    }
    session.printer().list(rows, List.of("kind", "id", "expiresAt", "outcome", "error"));
    session.err().println("cleanup covered what provider '" + provider.name() + "' lists: " + provider
        + ("csi".equals(provider.name()) ? " (one namespace: set snapfork.csi.namespace to clean up another)" : ""));
    return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Whether the backend still has the snapshot, in state DELETING (its delete was a no-op). */
  private static boolean stillDeleting(SnapshotProvider provider, String id) {
    try {
      return provider.get(id).state() == SnapshotState.DELETING;
    } catch (NotFoundException e) {
      return false;
    } catch (SnapshotException e) {
      return false; // cannot tell; ALREADY_GONE stands as the backend reported it
    }
  }
}

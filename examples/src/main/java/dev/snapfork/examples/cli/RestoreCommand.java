package dev.snapfork.examples.cli;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snapfork restore SNAPSHOT --yes}: restores the snapshot's source volume in place (destructive). */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore a snapshot's source volume in place. Destructive: needs --yes.")
final class RestoreCommand extends BaseCommand {
  @Parameters(paramLabel = "SNAPSHOT")
  String snapshotId;
  @Option(names = "--yes", description = "Confirm that the source volume's current content is overwritten.")
  boolean yes;

  @Override
  int run() {
    if (!yes) {
      throw new InvalidRequestException("--yes", "restore overwrites the source volume in place; pass --yes to confirm");
    }
    Snapshot s = session.provider().get(snapshotId);
    session.provider().restore(snapshotId);
    session.out().println("restored volume " + s.source().id() + " to snapshot " + s.id() + " (cut at " + s.cutAt() + ")");
    session.out().flush();
    return ExitCodes.OK;
  }
}

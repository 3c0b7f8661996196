package dev.snapfork.examples.cli;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotOptions;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.examples.cli.internal.Durations;
import dev.snapfork.examples.cli.internal.Views;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snapfork snapshot create|get|list|delete|wait}. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Create, inspect, list, delete and wait for snapshots.",
    subcommands = {SnapshotCommand.Create.class, SnapshotCommand.Get.class, SnapshotCommand.ListCmd.class,
        SnapshotCommand.Delete.class, SnapshotCommand.Wait.class})
final class SnapshotCommand {
  static final List<String> COLUMNS = List.of("id", "name", "source", "state", "cutAt", "sizeBytes");

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Consistent snapshot of a volume: quiesce the configured hooks (snapfork.hooks), cut, release.")
  static final class Create extends BaseCommand {
    @Parameters(paramLabel = "VOLUME", description = "The source volume id.")
    String volume;
    @Option(names = "--name", description = "Snapshot name (generated when absent).")
    String name;
    @Option(names = "--request-id", description = "Idempotency key: a retry with the same id returns the first snapshot.")
    String requestId;
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Extra label.")
    Map<String, String> labels = new LinkedHashMap<>();
    @Option(names = "--hooks", split = ",", paramLabel = "HOOK", description = "Hooks to use instead of snapfork.hooks.")
    List<String> hooks;
    @Option(names = "--wait", description = "Wait until the snapshot is ready.")
    boolean waitReady;
    @Option(names = "--timeout", converter = DurationConverter.class, description = "Readiness timeout with --wait (default snapfork.ready-timeout).")
    Duration timeout;

    @Override
    int run() {
      SnapshotRequest.Builder b = SnapshotRequest.builder(VolumeRef.of(volume)).labels(labels);
      if (name != null) {
        b.name(name);
      }
      if (requestId != null) {
        b.requestId(requestId);
      }
      SnapshotRequest request = b.build();
      Duration wait = timeout != null ? timeout : session.readyTimeout();
      SnapshotOptions options = waitReady ? SnapshotOptions.DEFAULTS.waitingForReady(wait) : SnapshotOptions.DEFAULTS;
      try (Snapshotter s = session.snapshotter(hooks)) {
        SnapshotResult r = waitReady
            ? session.progress().during("snapshot of " + volume, wait, () -> s.snapshot(request, options))
            : s.snapshot(request, options);
        Map<String, Object> row = Views.snapshot(r.snapshot());
        row.put("consistency", r.consistency().name());
        row.put("hooks", r.hooks());
        row.put("freezeWindow", Durations.format(r.freezeWindow()));
        row.put("cutDuration", Durations.format(r.cutDuration()));
        session.printer().one(row);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one snapshot.")
  static final class Get extends BaseCommand {
    @Parameters(paramLabel = "SNAPSHOT")
    String id;

    @Override
    int run() {
      session.printer().one(Views.snapshot(session.provider().get(id)));
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List snapshots.")
  static final class ListCmd extends BaseCommand {
    @Option(names = "--volume", description = "Only snapshots of this source volume.")
    String volume;
    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Only snapshots with this label.")
    Map<String, String> labels = new LinkedHashMap<>();
    @Option(names = "--managed", description = "Only snapshots Snapfork created.")
    boolean managed;
    @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run() {
      if (limit < 1) {
        throw new dev.snapfork.InvalidRequestException("--limit", "must be at least 1, got " + limit);
      }
      SnapshotFilter f = managed ? SnapshotFilter.managed() : SnapshotFilter.ALL;
      if (volume != null) {
        f = f.withSource(VolumeRef.of(volume));
      }
      for (Map.Entry<String, String> e : labels.entrySet()) {
        f = f.withLabel(e.getKey(), e.getValue());
      }
      List<Snapshot> found;
      try (var stream = session.provider().stream(f)) {
        found = stream.limit(limit).toList();
      }
      session.printer().list(found.stream().map(Views::snapshot).toList(), COLUMNS);
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a snapshot. Idempotent: a snapshot that does not exist is reported, not an error.")
  static final class Delete extends BaseCommand {
    @Parameters(paramLabel = "SNAPSHOT")
    String id;

    @Override
    int run() {
      boolean deleted = session.provider().delete(id);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", id);
      row.put("deleted", deleted);
      if (session.printer().format() == OutputFormat.table) {
        session.out().println(deleted ? "deleted snapshot " + id : "snapshot " + id + " does not exist; nothing deleted");
        session.out().flush();
      } else {
        session.printer().one(row);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "wait", mixinStandardHelpOptions = true, description = "Wait until a snapshot is ready.")
  static final class Wait extends BaseCommand {
    @Parameters(paramLabel = "SNAPSHOT")
    String id;
    @Option(names = "--timeout", converter = DurationConverter.class, description = "How long to wait (default snapfork.ready-timeout).")
    Duration timeout;

    @Override
    int run() {
      Duration t = timeout != null ? timeout : session.readyTimeout();
      Snapshot s = session.progress().during("waiting for " + id, t, () -> session.provider().awaitReady(id, t));
      session.printer().one(Views.snapshot(s));
      return ExitCodes.OK;
    }
  }

  private SnapshotCommand() {}
}

package dev.snapfork.examples.cli;

import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Labels;
import dev.snapfork.SnapshotOptions;
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

/** {@code snapfork fork VOLUME --target NAME}: consistent snapshot with hooks, wait, clone; labelled with an expiry. */
@Command(name = "fork", mixinStandardHelpOptions = true,
    description = "Consistent snapshot of VOLUME (hooks quiesced only for the cut), wait until ready, clone to a new volume.")
final class ForkCommand extends BaseCommand {
  @Parameters(paramLabel = "VOLUME", description = "The source volume id.")
  String volume;
  @Option(names = {"-t", "--target"}, required = true, paramLabel = "NAME", description = "Name of the new writable volume.")
  String target;
  @Option(names = "--expires", converter = DurationConverter.class, defaultValue = "24h",
      description = "Label both objects to expire after this long, for 'cleanup' (default ${DEFAULT-VALUE}).")
  Duration expires;
  @Option(names = "--no-expiry", description = "Do not label an expiry (cleanup --all still removes them).")
  boolean noExpiry;
  @Option(names = "--request-id", description = "Idempotency key: a retry returns the first fork.")
  String requestId;
  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Extra label on the snapshot and the clone.")
  Map<String, String> labels = new LinkedHashMap<>();
  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Provider-specific clone parameter.")
  Map<String, String> params = new LinkedHashMap<>();
  @Option(names = "--hooks", split = ",", paramLabel = "HOOK", description = "Hooks to use instead of snapfork.hooks.")
  List<String> hooks;
  @Option(names = "--timeout", converter = DurationConverter.class, description = "Readiness timeout (default snapfork.ready-timeout).")
  Duration timeout;

  @Override
  int run() {
    ForkRequest.Builder b = ForkRequest.builder(VolumeRef.of(volume), target).labels(labels);
    if (!noExpiry) {
      b.expiresAfter(expires);
    }
    if (requestId != null) {
      b.requestId(requestId);
    }
    params.forEach(b::cloneParameter);
    Duration wait = timeout != null ? timeout : session.readyTimeout();
    b.options(SnapshotOptions.DEFAULTS.waitingForReady(wait));
    ForkRequest request = b.build();
    try (Snapshotter s = session.snapshotter(hooks)) {
      ForkResult r = session.progress().during("fork " + volume + " -> " + target, wait, () -> s.fork(request));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("snapshot", r.snapshot().snapshot().id());
      row.put("volume", r.volume().ref().id());
      row.put("name", r.volume().name());
      row.put("consistency", r.snapshot().consistency().name());
      row.put("hooks", r.snapshot().hooks());
      row.put("freezeWindow", Durations.format(r.snapshot().freezeWindow()));
      row.put("readyWait", Durations.format(r.readyWait()));
      row.put("clone", Durations.format(r.cloneDuration()));
      row.put("expiresAt", Labels.expiresAt(r.volume().labels()).map(Object::toString).orElse(null));
      row.put("attributes", Views.volume(r.volume()).get("attributes"));
      session.printer().one(row);
    }
    return ExitCodes.OK;
  }
}

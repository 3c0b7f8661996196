package dev.snapfork.examples.cli;

import dev.snapfork.CloneRequest;
import dev.snapfork.examples.cli.internal.Views;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snapfork clone SNAPSHOT --target NAME}: a new writable volume from a ready snapshot. */
@Command(name = "clone", mixinStandardHelpOptions = true, description = "Clone a ready snapshot into a new writable volume.")
final class CloneCommand extends BaseCommand {
  @Parameters(paramLabel = "SNAPSHOT")
  String snapshotId;
  @Option(names = {"-t", "--target"}, required = true, paramLabel = "NAME", description = "Name of the new volume.")
  String target;
  @Option(names = "--request-id", description = "Idempotency key: a retry returns the first clone.")
  String requestId;
  @Option(names = "--size", paramLabel = "BYTES", description = "Size of the new volume (at least the snapshot's).")
  Long sizeBytes;
  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Extra label.")
  Map<String, String> labels = new LinkedHashMap<>();
  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Provider-specific clone parameter (e.g. storage class).")
  Map<String, String> params = new LinkedHashMap<>();

  @Override
  int run() {
    CloneRequest.Builder b = CloneRequest.builder(snapshotId, target).labels(labels);
    params.forEach(b::parameter);
    if (requestId != null) {
      b.requestId(requestId);
    }
    if (sizeBytes != null) {
      b.sizeBytes(sizeBytes);
    }
    CloneRequest request = b.build();
    session.printer().one(Views.volume(session.provider().createVolume(request)));
    return ExitCodes.OK;
  }
}

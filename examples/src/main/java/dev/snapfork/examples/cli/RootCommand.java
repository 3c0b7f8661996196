package dev.snapfork.examples.cli;

import dev.snapfork.examples.cli.internal.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code snapfork}: the global options, inherited by every subcommand. */
@Command(name = "snapfork", mixinStandardHelpOptions = true, version = "snapfork 0.1.0",
    description = "Application-consistent snapshots and writable forks of storage volumes.",
    subcommands = {ProvidersCommand.class, ConfigCommand.class, SnapshotCommand.class, CloneCommand.class,
        RestoreCommand.class, ForkCommand.class, CleanupCommand.class, MongoCommand.class, PipelineCommand.class,
        DemoCommand.class},
    footer = {"", RootCommand.FOOTER_1, RootCommand.FOOTER_2, RootCommand.FOOTER_3})
final class RootCommand {
  /*
   * The exit-code footer, broken between entries and each line shorter than picocli's default
   * usage width (80), so picocli never re-wraps a line in the middle of an entry.
   */
  static final String FOOTER_1 = "Exit codes: 0 ok, 1 failed, 2 usage/config/invalid request, 3 not found,";
  static final String FOOTER_2 = "  4 permission denied, 5 consistency (hook), 6 timeout, 7 unavailable,";
  static final String FOOTER_3 = "  8 unsupported, 9 conflict, 10 pipeline tests failed, 130 interrupted.";

  @Option(names = {"-p", "--provider"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
      description = "Provider to use (snapfork.provider): local, portworx, csi, ebs "
          + "(default: the embedded local provider).")
  String provider;

  @Option(names = {"-c", "--config"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "Configuration file (.properties, .yaml, .yml) (snapfork.config-file).")
  Path configFile;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: table).")
  OutputFormat output;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
  boolean verbose;

  @Option(names = {"-D", "--set"}, scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
      description = "Set a configuration key, e.g. -D local.root=/data (the snapfork. prefix is optional).")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--progress-interval", scope = ScopeType.INHERIT, hidden = true, defaultValue = "5s",
      converter = DurationConverter.class)
  Duration progressInterval;

  void apply(Session session) {
    session.options(provider, configFile, output, verbose, settings, progressInterval);
  }
}

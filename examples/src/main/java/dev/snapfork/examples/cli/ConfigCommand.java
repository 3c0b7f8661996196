package dev.snapfork.examples.cli;

import dev.snapfork.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code snapfork config show}: the effective configuration with each value's origin, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show the effective configuration.",
    subcommands = ConfigCommand.Show.class)
final class ConfigCommand {
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Every effective key with its value (secrets masked) and where it came from.")
  static final class Show extends BaseCommand {
    @Override
    int run() {
      List<Map<String, Object>> rows = session.config().values().stream().map(ConfigCommand::row).toList();
      session.printer().list(rows, List.of("key", "value", "origin"));
      return ExitCodes.OK;
    }
  }

  private static Map<String, Object> row(ConfigValue v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", v.key());
    m.put("value", v.displayValue());
    m.put("origin", v.origin());
    return m;
  }
}

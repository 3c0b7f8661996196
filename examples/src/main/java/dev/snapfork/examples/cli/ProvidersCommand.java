package dev.snapfork.examples.cli;

import dev.snapfork.Capability;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapfork providers}: the discovered providers, which one is selected, and their capabilities. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = "List the providers on the class path, which one is selected, and their capabilities. "
        + "With no provider configured the embedded local provider is selected. "
        + "Fails (after the list) when the configured provider is not on the class path.")
final class ProvidersCommand extends BaseCommand {
  @Option(names = "--check-all", description = "Open every provider to show its capabilities and whether it is usable "
      + "(loads every backend; slower). By default only the selected provider is opened.")
  boolean checkAll;

  @Override
  int run() {
    SnapforkConfig config = session.config();
    List<SnapshotProviderFactory> factories = config.providerFactories();
    String selected;
    SnapshotException selectionError = null;
    try {
      selected = session.providerFactory().name();
    } catch (SnapshotException e) {
      selected = null;
      selectionError = e;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SnapshotProviderFactory f : factories) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", f.name());
      row.put("selected", f.name().equals(selected));
      if (checkAll || f.name().equals(selected)) {
        try (SnapshotProvider p = f.create(config.provider(f.name()))) {
          row.put("capabilities", p.capabilities().stream().map(Capability::name).sorted().toList());
          row.put("status", "ok");
        } catch (RuntimeException e) {
          row.put("capabilities", List.of());
          row.put("status", "not usable: " + e.getMessage());
        }
      } else {
        // Opening a backend loads its whole client (AWS SDK, fabric8, gRPC): only on request.
        row.put("capabilities", List.of());
        row.put("status", "not opened (select it with -p " + f.name() + ", or use --check-all)");
      }
      row.put("configKeys", new TreeSet<>(f.configKeys()).stream().map(k -> "snapfork." + f.name() + "." + k).toList());
      rows.add(row);
    }
    session.printer().list(rows, List.of("name", "selected", "capabilities", "status"));
    if (selectionError != null) {
      // the list is still useful; the configured selection is not
      throw selectionError;
    }
    return ExitCodes.OK;
  }
}

package dev.snapfork.examples.cli.internal;

import dev.snapfork.config.CoreKeys;
import dev.snapfork.config.Providers;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.util.List;

/**
 * The CLI's provider default. The CLI jar carries every backend, so the library's discovery rule
 * ({@link Providers#select}: several auto-selectable providers and none named is an error) would
 * make a fresh clone unusable. The CLI therefore uses the embedded {@code local} provider when
 * {@code snapfork.provider} is set nowhere (flag, file, environment, system property), and says
 * so in one line; a named provider is chosen by the library rule unchanged.
 */
final class DefaultProvider {
  private DefaultProvider() {}

  /** Whether the CLI default applies: no provider named and {@code local} is on the class path. */
  static boolean applies(SnapforkConfig config, List<? extends SnapshotProviderFactory> factories) {
    return config.core().string("provider").isEmpty() && local(factories) != null;
  }

  /**
   * The factory to use: {@code local} when {@link #applies}, else the library's choice.
   *
   * @throws dev.snapfork.ConfigurationException as {@link Providers#select}
   */
  static SnapshotProviderFactory select(SnapforkConfig config, List<? extends SnapshotProviderFactory> factories) {
    return applies(config, factories) ? local(factories) : Providers.select(config, factories);
  }

  /** The one line printed when the default is used: which provider, where its data is, how to pick another. */
  static String notice(SnapforkConfig config, List<? extends SnapshotProviderFactory> factories) {
    List<String> others = factories.stream().map(SnapshotProviderFactory::name).filter(n -> !n.equals(Providers.LOCAL)).toList();
    // the local provider's own default root (LocalProviderFactory): ~/.snapfork/local
    String root = " (root " + config.provider(Providers.LOCAL).string("root")
        .orElse(java.nio.file.Path.of(System.getProperty("user.home"), ".snapfork", "local").toString()) + ")";
    return "snapfork: no provider configured; using the embedded local provider" + root + ". Set " + CoreKeys.PROVIDER
        + " or -p" + (others.isEmpty() ? "" : " (" + String.join(", ", others) + ")") + " to use another.";
  }

  private static SnapshotProviderFactory local(List<? extends SnapshotProviderFactory> factories) {
    return factories.stream().filter(f -> f.name().equals(Providers.LOCAL)).findFirst().orElse(null);
  }
}

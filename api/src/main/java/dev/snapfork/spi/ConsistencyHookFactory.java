package dev.snapfork.spi;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.ConfigView;
import java.util.Set;

/**
 * Creates a {@link ConsistencyHook} from configuration ({@code snapfork.hooks=<name>},
 * {@code snapfork.hook.<name>.<key>}). Found with {@link java.util.ServiceLoader} like
 * {@link SnapshotProviderFactory}.
 */
public interface ConsistencyHookFactory {

  /** The hook name used in {@code snapfork.hooks}. */
  String name();

  /** The keys this hook reads, relative to {@code snapfork.hook.<name>.}. */
  Set<String> configKeys();

  /**
   * Creates the hook.
   *
   * @param config the keys under {@code snapfork.hook.<name>.}
   * @throws ConfigurationException naming the key when a value is missing or malformed
   */
  ConsistencyHook create(ConfigView config);
}

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

  /**
   * The keys this hook reads, relative to {@code snapfork.hook.<name>.}. Any other key under the
   * prefix is reported as unknown; a key ending in {@code .*} accepts every key below it.
   */
  Set<String> configKeys();

  /**
   * The keys among {@link #configKeys()} whose values are secret (tokens, passwords, connection
   * strings with credentials), relative to {@code snapfork.hook.<name>.}. Their values are masked wherever
   * configuration is shown. Keys whose names contain {@code token}, {@code password},
   * {@code secret} or {@code credential} are masked whether listed here or not.
   */
  default Set<String> secretKeys() {
    return Set.of();
  }

  /**
   * Creates the hook.
   *
   * @param config the keys under {@code snapfork.hook.<name>.}
   * @throws ConfigurationException naming the key when a value is missing or malformed
   */
  ConsistencyHook create(ConfigView config);
}

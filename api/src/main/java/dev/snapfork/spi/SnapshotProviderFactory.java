package dev.snapfork.spi;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import java.util.Set;

/**
 * Creates a {@link SnapshotProvider} from configuration. Found with {@link java.util.ServiceLoader}:
 * register the implementation in {@code META-INF/services/dev.snapfork.spi.SnapshotProviderFactory}
 * and in {@code module-info} ({@code provides}).
 */
public interface SnapshotProviderFactory {

  /** The provider name used in {@code snapfork.provider} and as the key prefix {@code snapfork.<name>.}. */
  String name();

  /**
   * The keys this provider reads, relative to {@code snapfork.<name>.} (e.g. {@code endpoint}).
   * Any other key under the prefix is reported as unknown.
   * A key ending in {@code .*} (e.g. {@code labels.*}) accepts every key below it, for map-valued
   * settings read with {@link ConfigView#sub(String)}.
   */
  Set<String> configKeys();

  /**
   * The keys among {@link #configKeys()} whose values are secret (tokens, passwords, connection
   * strings with credentials), relative to {@code snapfork.<name>.}. Their values are masked wherever
   * configuration is shown. Keys whose names contain {@code token}, {@code password},
   * {@code secret} or {@code credential} are masked whether listed here or not.
   */
  default Set<String> secretKeys() {
    return Set.of();
  }

  /**
   * Whether discovery may pick this provider when {@code snapfork.provider} is not set. The
   * embedded {@code local} provider and test providers answer {@code false}: they are used only
   * when named (or, for {@code local}, when nothing else is on the class path).
   */
  default boolean autoSelectable() {
    return true;
  }

  /**
   * Creates the provider.
   *
   * @param config the keys under {@code snapfork.<name>.}
   * @throws ConfigurationException naming the key when a value is missing or malformed
   */
  SnapshotProvider create(ConfigView config);
}

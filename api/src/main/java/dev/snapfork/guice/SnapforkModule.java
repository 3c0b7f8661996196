package dev.snapfork.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.Snapshotter;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.Providers;
import dev.snapfork.config.SnapforkConfig;
import java.util.List;
import java.util.Objects;

/**
 * Guice bindings for Snapfork, from one {@link SnapforkConfig}:
 * <ul>
 *   <li>{@link SnapforkConfig}: the configuration given (or {@link SnapforkConfig#load()});
 *   <li>{@link SnapshotProvider}: a singleton from {@link Providers#load(SnapforkConfig)}; the
 *       application closes it on shutdown;
 *   <li>{@code List<ConsistencyHook>} ({@link #HOOKS}): a singleton from
 *       {@link Hooks#load(SnapforkConfig)}, in {@code snapfork.hooks} order;
 *   <li>{@link Snapshotter}: a singleton over the two, configured from the same keys.
 * </ul>
 * Guice is an optional dependency of {@code snapfork-api}: only this package uses it. Errors from
 * discovery ({@link ConfigurationException}) surface wrapped in Guice's
 * {@code ProvisionException} when the binding is first provided.
 */
public class SnapforkModule extends AbstractModule {
  /** The key of the configured hooks. */
  public static final Key<List<ConsistencyHook>> HOOKS = Key.get(new TypeLiteral<List<ConsistencyHook>>() {});

  private final SnapforkConfig config;

  /**
   * Binds the configuration from the real system properties, environment and file.
   *
   * @throws ConfigurationException when that configuration is invalid
   */
  public SnapforkModule() {
    this(SnapforkConfig.load());
  }

  /** Binds {@code config}. */
  public SnapforkModule(SnapforkConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  protected void configure() {
    bind(SnapforkConfig.class).toInstance(config);
  }

  /**
   * The configured provider.
   *
   * @throws ConfigurationException as {@link Providers#load(SnapforkConfig)}
   */
  @Provides
  @Singleton
  public SnapshotProvider snapshotProvider(SnapforkConfig config) {
    return Providers.load(config);
  }

  /**
   * The configured hooks, in order.
   *
   * @throws ConfigurationException as {@link Hooks#load(SnapforkConfig)}
   */
  @Provides
  @Singleton
  public List<ConsistencyHook> consistencyHooks(SnapforkConfig config) {
    return Hooks.load(config);
  }

  /**
   * The orchestrator over the configured provider and hooks, with the orchestrator keys
   * ({@code snapfork.max-freeze} and friends) applied. Closed by the application on shutdown.
   *
   * @throws ConfigurationException when an orchestrator key is malformed
   */
  @Provides
  @Singleton
  public Snapshotter snapshotter(SnapforkConfig config, SnapshotProvider provider, List<ConsistencyHook> hooks) {
    return Snapshotter.builder(provider).hooks(hooks).configure(config.core()).build();
  }
}

package dev.snapfork.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.internal.config.EditDistance;
import dev.snapfork.internal.config.FactoryIndex;
import dev.snapfork.internal.config.WellKnownArtifacts;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and creates the {@link SnapshotProvider} the configuration asks for.
 *
 * <p>Rules: factories are found with {@link java.util.ServiceLoader} (or given explicitly). When
 * {@code snapfork.provider} is set, the factory with that name is used. Otherwise the single
 * factory whose {@link SnapshotProviderFactory#autoSelectable()} is true is used; when there is
 * none, the built-in {@code local} provider; when there are several, discovery fails and asks for
 * {@code snapfork.provider}. Two factories with the same name are an error.
 */
public final class Providers {
  /** The name of the built-in provider used when no backend is on the class path. */
  public static final String LOCAL = "local";

  private Providers() {}

  /**
   * Creates the configured provider from the factories {@code config} was built with. The caller
   * owns (and closes) the result.
   *
   * @throws ConfigurationException when the named provider is not on the class path (naming the
   *     artifact that adds it), when several are and none is named, when names collide, or when the
   *     factory rejects its configuration
   */
  public static SnapshotProvider load(SnapforkConfig config) {
    return load(config, config.providerFactories());
  }

  /**
   * As {@link #load(SnapforkConfig)}, with factories discovered through {@code loader}.
   *
   * @throws ConfigurationException as {@link #load(SnapforkConfig)}
   */
  public static SnapshotProvider load(SnapforkConfig config, ClassLoader loader) {
    return load(config, available(loader));
  }

  /**
   * As {@link #load(SnapforkConfig)}, choosing among exactly {@code factories}.
   *
   * @throws ConfigurationException as {@link #load(SnapforkConfig)}
   */
  public static SnapshotProvider load(SnapforkConfig config, List<? extends SnapshotProviderFactory> factories) {
    SnapshotProviderFactory factory = select(config, factories);
    SnapshotProvider provider;
    try {
      provider = factory.create(config.provider(factory.name()));
    } catch (SnapshotException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(CoreKeys.PREFIX + factory.name(),
          "provider '" + factory.name() + "' could not be created: " + e, e);
    }
    if (provider == null) {
      throw new ConfigurationException(CoreKeys.PROVIDER, "factory " + factory.getClass().getName() + " returned no provider");
    }
    return provider;
  }

  /**
   * The factory the rules pick, without creating a provider (for {@code config show} and checks).
   *
   * @throws ConfigurationException as {@link #load(SnapforkConfig)}
   */
  public static SnapshotProviderFactory select(SnapforkConfig config, List<? extends SnapshotProviderFactory> factories) {
    Map<String, ? extends SnapshotProviderFactory> byName =
        FactoryIndex.byName(CoreKeys.PROVIDER, "provider", factories, SnapshotProviderFactory::name);
    Optional<String> named = config.core().string("provider");
    if (named.isPresent()) {
      SnapshotProviderFactory f = byName.get(named.get());
      if (f == null) {
        throw notOnClassPath(named.get(), config, byName.keySet());
      }
      return f;
    }
    List<? extends SnapshotProviderFactory> auto =
        byName.values().stream().filter(SnapshotProviderFactory::autoSelectable).toList();
    if (auto.size() == 1) {
      return auto.get(0);
    }
    if (auto.size() > 1) {
      throw new ConfigurationException(CoreKeys.PROVIDER, "several providers are on the class path ("
          + String.join(", ", auto.stream().map(SnapshotProviderFactory::name).toList())
          + "); set snapfork.provider to the one to use");
    }
    SnapshotProviderFactory local = byName.get(LOCAL);
    if (local == null) {
      throw new ConfigurationException(CoreKeys.PROVIDER, "no provider is on the class path; add a backend artifact ("
          + WellKnownArtifacts.backendList() + ") and, if several, set snapfork.provider");
    }
    return local;
  }

  /** The provider factories registered with {@link java.util.ServiceLoader} on the context class loader. */
  public static List<SnapshotProviderFactory> available() {
    return available(FactoryIndex.defaultLoader());
  }

  /**
   * The provider factories registered with {@link java.util.ServiceLoader} visible from {@code loader}.
   *
   * @throws ConfigurationException when a registration is broken
   */
  public static List<SnapshotProviderFactory> available(ClassLoader loader) {
    return FactoryIndex.load(CoreKeys.PROVIDER, SnapshotProviderFactory.class, loader);
  }

  private static ConfigurationException notOnClassPath(String name, SnapforkConfig config, java.util.Set<String> available) {
    String origin = config.lookup(CoreKeys.PROVIDER).map(v -> " (from " + v.origin() + ")").orElse("");
    StringBuilder rule = new StringBuilder("no provider named '" + name + "' is on the class path" + origin);
    Optional<String> artifact = WellKnownArtifacts.provider(name);
    artifact.ifPresent(a -> rule.append("; add the artifact ").append(a));
    if (artifact.isEmpty()) {
      EditDistance.closest(name, available).ifPresent(s -> rule.append("; did you mean ").append(s).append('?'));
    }
    rule.append("; available providers: ").append(available.isEmpty() ? "(none)" : String.join(", ", available));
    return new ConfigurationException(CoreKeys.PROVIDER, rule.toString());
  }
}

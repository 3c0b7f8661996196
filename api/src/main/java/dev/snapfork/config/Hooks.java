package dev.snapfork.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.SnapshotException;
import dev.snapfork.internal.config.EditDistance;
import dev.snapfork.internal.config.FactoryIndex;
import dev.snapfork.internal.config.WellKnownArtifacts;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the {@link ConsistencyHook}s listed in {@code snapfork.hooks}, in that order, from the
 * {@link ConsistencyHookFactory}s found with {@link java.util.ServiceLoader} (or given explicitly).
 * Hooks on the class path but not listed are not created.
 */
public final class Hooks {
  private Hooks() {}

  /**
   * The configured hooks, in {@code snapfork.hooks} order, from the factories {@code config} was
   * built with; empty when {@code snapfork.hooks} is unset.
   *
   * @throws ConfigurationException when a listed hook is not on the class path (naming the
   *     artifact that adds it), is listed twice, when factory names collide, or when a factory
   *     rejects its configuration
   */
  public static List<ConsistencyHook> load(SnapforkConfig config) {
    return load(config, config.hookFactories());
  }

  /**
   * As {@link #load(SnapforkConfig)}, with factories discovered through {@code loader}.
   *
   * @throws ConfigurationException as {@link #load(SnapforkConfig)}
   */
  public static List<ConsistencyHook> load(SnapforkConfig config, ClassLoader loader) {
    return load(config, available(loader));
  }

  /**
   * As {@link #load(SnapforkConfig)}, resolving names among exactly {@code factories}.
   *
   * @throws ConfigurationException as {@link #load(SnapforkConfig)}
   */
  public static List<ConsistencyHook> load(SnapforkConfig config, List<? extends ConsistencyHookFactory> factories) {
    Map<String, ? extends ConsistencyHookFactory> byName =
        FactoryIndex.byName(CoreKeys.HOOKS, "hook", factories, ConsistencyHookFactory::name);
    List<String> names = config.core().list("hooks");
    Set<String> seen = new HashSet<>();
    List<ConsistencyHookFactory> chosen = new ArrayList<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new ConfigurationException(CoreKeys.HOOKS, "hook '" + name + "' is listed twice");
      }
      ConsistencyHookFactory f = byName.get(name);
      if (f == null) {
        throw notOnClassPath(name, config, byName.keySet());
      }
      chosen.add(f);
    }
    List<ConsistencyHook> hooks = new ArrayList<>();
    for (ConsistencyHookFactory f : chosen) {
      hooks.add(create(f, config));
    }
    return List.copyOf(hooks);
  }

  /** The hook factories registered with {@link java.util.ServiceLoader} on the context class loader. */
  public static List<ConsistencyHookFactory> available() {
    return available(FactoryIndex.defaultLoader());
  }

  /**
   * The hook factories registered with {@link java.util.ServiceLoader} visible from {@code loader}.
   *
   * @throws ConfigurationException when a registration is broken
   */
  public static List<ConsistencyHookFactory> available(ClassLoader loader) {
    return FactoryIndex.load(CoreKeys.HOOKS, ConsistencyHookFactory.class, loader);
  }

  private static ConsistencyHook create(ConsistencyHookFactory f, SnapforkConfig config) {
    ConsistencyHook hook;
    try {
      hook = f.create(config.hook(f.name()));
    } catch (SnapshotException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(CoreKeys.HOOK_PREFIX + f.name(), "hook '" + f.name() + "' could not be created: " + e, e);
    }
    if (hook == null) {
      throw new ConfigurationException(CoreKeys.HOOKS, "factory " + f.getClass().getName() + " returned no hook");
    }
    return hook;
  }

  private static ConfigurationException notOnClassPath(String name, SnapforkConfig config, Set<String> available) {
    String origin = config.lookup(CoreKeys.HOOKS).map(v -> " (from " + v.origin() + ")").orElse("");
    StringBuilder rule = new StringBuilder("no hook named '" + name + "' is on the class path" + origin);
    Optional<String> artifact = WellKnownArtifacts.hook(name);
    artifact.ifPresent(a -> rule.append("; add the artifact ").append(a));
    if (artifact.isEmpty()) {
      EditDistance.closest(name, available).ifPresent(s -> rule.append("; did you mean ").append(s).append('?'));
    }
    rule.append("; available hooks: ").append(available.isEmpty() ? "(none)" : String.join(", ", available));
    return new ConfigurationException(CoreKeys.HOOKS, rule.toString());
  }
}

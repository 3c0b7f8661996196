package dev.snapfork.internal.config;

import dev.snapfork.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/** Indexes factories by name (rejecting duplicates) and loads them with {@link ServiceLoader}. */
public final class FactoryIndex {
  private FactoryIndex() {}

  /**
   * The factories by name, in list order.
   *
   * @param key the configuration key to name in errors, e.g. {@code snapfork.provider}
   * @throws ConfigurationException when a name is blank or two factories share one
   */
  public static <T> Map<String, T> byName(String key, String kind, List<? extends T> factories, Function<T, String> name) {
    Map<String, T> byName = new LinkedHashMap<>();
    for (T f : factories) {
      if (f == null) {
        throw new ConfigurationException(key, kind + " factory list contains null");
      }
      String n = name.apply(f);
      if (n == null || n.isBlank()) {
        throw new ConfigurationException(key, kind + " factory " + f.getClass().getName() + " has a blank name");
      }
      T previous = byName.putIfAbsent(n, f);
      if (previous != null) {
        throw new ConfigurationException(key, "two " + kind + " factories are named '" + n + "': "
            + previous.getClass().getName() + " and " + f.getClass().getName()
            + "; remove one of the artifacts from the class path");
      }
    }
    return byName;
  }

  /**
   * Every registered implementation of {@code service} visible from {@code loader}.
   *
   * @throws ConfigurationException when a registration is broken (class missing, no public no-arg
   *     constructor, constructor threw)
   */
  public static <T> List<T> load(String key, Class<T> service, ClassLoader loader) {
    try {
      return ServiceLoader.load(service, loader).stream().map(ServiceLoader.Provider::get).toList();
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(key, "could not load " + service.getSimpleName() + " implementations: " + e.getMessage(), e);
    }
  }

  /** The thread's context class loader, or the API's own when there is none. */
  public static ClassLoader defaultLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : FactoryIndex.class.getClassLoader();
  }
}

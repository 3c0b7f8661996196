package dev.snapfork.config;

import dev.snapfork.ConfigurationException;
import dev.snapfork.internal.config.Component;
import dev.snapfork.internal.config.ConfigFiles;
import dev.snapfork.internal.config.EnvNames;
import dev.snapfork.internal.config.FactoryIndex;
import dev.snapfork.internal.config.KeyCatalog;
import dev.snapfork.internal.config.KeyValidator;
import dev.snapfork.internal.config.RawValue;
import dev.snapfork.spi.ConsistencyHookFactory;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Snapfork's configuration: one key space {@code snapfork.*} merged from several sources, validated
 * against the keys of the discovered providers and hooks. Immutable and thread-safe.
 *
 * <p>Precedence, highest first ({@link ConfigSource}): values set in code on the {@link Builder},
 * Java system properties, environment variables ({@code SNAPFORK_PORTWORX_ENDPOINT} is
 * {@code snapfork.portworx.endpoint}; {@code SNAPFORK_MAX_FREEZE} is {@code snapfork.max-freeze}),
 * the configuration file ({@link Builder#file} or {@code snapfork.config-file}; {@code .properties}
 * or a YAML subset, {@code .yaml}/{@code .yml}), then defaults ({@link CoreKeys#DEFAULTS}).
 *
 * <p>Keys: the core keys ({@link CoreKeys}), {@code snapfork.<provider>.<key>} for each provider's
 * {@link SnapshotProviderFactory#configKeys()}, and {@code snapfork.hook.<hook>.<key>} for each
 * hook's. Any other key under {@code snapfork.}, from any source, fails {@link Builder#build()}.
 *
 * <p>Secrets (keys a factory lists in {@code secretKeys()}, or whose names contain {@code token},
 * {@code password}, {@code secret} or {@code credential}) are masked in {@link #toString()},
 * {@link #describe()} and {@link ConfigValue#toString()}.
 */
public final class SnapforkConfig {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnapforkConfig.class);

  private final Map<String, ConfigValue> values;
  private final List<SnapshotProviderFactory> providerFactories;
  private final List<ConsistencyHookFactory> hookFactories;
  private final List<String> warnings;

  private SnapforkConfig(Map<String, ConfigValue> values, List<SnapshotProviderFactory> providerFactories,
      List<ConsistencyHookFactory> hookFactories, List<String> warnings) {
    this.values = values;
    this.providerFactories = providerFactories;
    this.hookFactories = hookFactories;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * The configuration from the real system properties and environment, the file they name, and
   * the providers and hooks registered with {@link java.util.ServiceLoader}.
   *
   * @throws ConfigurationException for an unknown key, a missing or malformed file, or a broken
   *     factory registration
   */
  public static SnapforkConfig load() {
    return builder().build();
  }

  /**
   * A builder that by default reads the real system properties and environment and discovers
   * factories with {@link java.util.ServiceLoader}; each can be replaced for tests.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The core keys, relative to {@code snapfork.} (e.g. {@code provider}, {@code max-freeze}). */
  public ConfigView core() {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (CoreKeys.ALL.contains(k) || isBelowCoreWildcard(k)) {
        m.put(k.substring(CoreKeys.PREFIX.length()), v.value());
      }
    });
    return new ConfigView(CoreKeys.PREFIX, m);
  }

  /** The keys of provider {@code name}, relative to {@code snapfork.<name>.}. */
  public ConfigView provider(String name) {
    return view(CoreKeys.PREFIX + Objects.requireNonNull(name, "name") + ".");
  }

  /** The keys of hook {@code name}, relative to {@code snapfork.hook.<name>.}. */
  public ConfigView hook(String name) {
    return view(CoreKeys.HOOK_PREFIX + Objects.requireNonNull(name, "name") + ".");
  }

  /** The effective value of a full key, e.g. {@code snapfork.portworx.endpoint}. */
  public Optional<String> get(String fullKey) {
    return lookup(fullKey).map(ConfigValue::value);
  }

  /** The effective value of a full key with the source that set it. */
  public Optional<ConfigValue> lookup(String fullKey) {
    return Optional.ofNullable(values.get(fullKey));
  }

  /** Every effective value with its provenance, sorted by key. */
  public List<ConfigValue> values() {
    return List.copyOf(values.values());
  }

  /** The provider factories this configuration was validated against (used by {@link Providers#load(SnapforkConfig)}). */
  public List<SnapshotProviderFactory> providerFactories() {
    return providerFactories;
  }

  /** The hook factories this configuration was validated against (used by {@link Hooks#load(SnapforkConfig)}). */
  public List<ConsistencyHookFactory> hookFactories() {
    return hookFactories;
  }

  /**
   * What {@link Builder#build()} accepted but reported (each is also logged at WARN): today, one
   * line per {@code SNAPFORK_*} environment variable that maps to no key and was ignored because
   * it is not recognisably meant for Snapfork (another tool's variable such as
   * {@code SNAPFORK_DB_ROOT}); see {@link Builder#build()}.
   */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * One line per effective value, {@code key = value  (origin)}, secrets masked: the body of a
   * {@code config show} command.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
    for (ConfigValue v : values.values()) {
      sb.append(String.format("%-" + width + "s = %s  (%s)%n", v.key(), v.displayValue(), v.origin()));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SnapforkConfig{");
    String sep = "";
    for (ConfigValue v : values.values()) {
      sb.append(sep).append(v.key()).append('=').append(v.displayValue());
      sep = ", ";
    }
    return sb.append('}').toString();
  }

  private ConfigView view(String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        m.put(k.substring(prefix.length()), v.value());
      }
    });
    return new ConfigView(prefix, m);
  }

  private static boolean isBelowCoreWildcard(String key) {
    return CoreKeys.ALL.stream().filter(k -> k.endsWith(".*"))
        .anyMatch(k -> key.startsWith(k.substring(0, k.length() - 1)));
  }

  /**
   * Builds a {@link SnapforkConfig}. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private final Map<String, String> code = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private Map<String, String> systemProperties;
    private Map<String, String> environment;
    private Path file;
    private List<SnapshotProviderFactory> providerFactories;
    private List<ConsistencyHookFactory> hookFactories;
    private ClassLoader classLoader;

    private Builder() {}

    /**
     * Sets a full key in code (highest precedence).
     *
     * @throws ConfigurationException when the key or value is null (unknown keys fail in {@link #build()})
     */
    public Builder set(String fullKey, String value) {
      if (fullKey == null) {
        throw new ConfigurationException("key", "is required");
      }
      if (value == null) {
        throw new ConfigurationException(fullKey, "value must not be null");
      }
      code.put(fullKey, value);
      return this;
    }

    /** Sets every entry of {@code values} as with {@link #set}. */
    public Builder setAll(Map<String, String> values) {
      Objects.requireNonNull(values, "values").forEach(this::set);
      return this;
    }

    /** Uses {@code properties} in place of {@link System#getProperties()}; keys outside {@code snapfork.} are ignored. */
    public Builder systemProperties(Map<String, String> properties) {
      this.systemProperties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
      return this;
    }

    /** Uses {@code environment} in place of {@link System#getenv()}; names not starting with {@code SNAPFORK_} are ignored. */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /** Reads this file (overriding {@code snapfork.config-file} from every source). */
    public Builder file(Path file) {
      this.file = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Adds defaults (full keys) below every other source, over {@link CoreKeys#DEFAULTS}. */
    public Builder defaults(Map<String, String> defaults) {
      Objects.requireNonNull(defaults, "defaults").forEach((k, v) -> this.defaults.put(
          Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
      return this;
    }

    /** Uses exactly these provider factories instead of discovering them with ServiceLoader. */
    public Builder providerFactories(Collection<? extends SnapshotProviderFactory> factories) {
      this.providerFactories = List.copyOf(factories);
      return this;
    }

    /** Uses exactly these provider factories instead of discovering them with ServiceLoader. */
    public Builder providerFactories(SnapshotProviderFactory... factories) {
      return providerFactories(List.of(factories));
    }

    /** Uses exactly these hook factories instead of discovering them with ServiceLoader. */
    public Builder hookFactories(Collection<? extends ConsistencyHookFactory> factories) {
      this.hookFactories = List.copyOf(factories);
      return this;
    }

    /** Uses exactly these hook factories instead of discovering them with ServiceLoader. */
    public Builder hookFactories(ConsistencyHookFactory... factories) {
      return hookFactories(List.of(factories));
    }

    /** Discovers factories (those not given explicitly) through this class loader. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * Reads every source, applies precedence and validates every key.
     *
     * <p>Unknown keys from code, system properties and the file fail. Environment variables are
     * shared with the whole process, so an unknown {@code SNAPFORK_*} variable fails only when it
     * is recognisably meant for Snapfork: below a provider's or hook's prefix
     * ({@code SNAPFORK_PORTWORX_ENDPIONT}, {@code SNAPFORK_HOOK_MYSQL_URL}) or a likely typo of a
     * known variable ({@code SNAPFORK_MAX_FREZE}); any other ({@code SNAPFORK_DB_ROOT}) is ignored
     * with a warning ({@link #warnings()}).
     *
     * @throws ConfigurationException for an unknown key (naming it, its source and the closest
     *     known key, or the artifact that adds a missing provider or hook), a missing or malformed
     *     file, duplicate factory names or a broken factory registration
     */
    public SnapforkConfig build() {
      ClassLoader loader = classLoader != null ? classLoader : FactoryIndex.defaultLoader();
      List<SnapshotProviderFactory> providers = providerFactories != null ? providerFactories
          : FactoryIndex.load(CoreKeys.PROVIDER, SnapshotProviderFactory.class, loader);
      List<ConsistencyHookFactory> hooks = hookFactories != null ? hookFactories
          : FactoryIndex.load(CoreKeys.HOOKS, ConsistencyHookFactory.class, loader);
      KeyCatalog catalog = catalog(providers, hooks);
      KeyValidator validator = new KeyValidator(catalog);

      Map<ConfigSource, Map<String, RawValue>> layers = new EnumMap<>(ConfigSource.class);
      layers.put(ConfigSource.CODE, checked(validator, code, k -> "code"));
      layers.put(ConfigSource.SYSTEM_PROPERTY, checked(validator, snapforkOnly(realOr(systemProperties, true)),
          k -> "system property " + k));
      EnvNames envNames = new EnvNames(catalog);
      layers.put(ConfigSource.ENVIRONMENT, envNames.resolve(realOr(environment, false)));
      List<String> warnings = new ArrayList<>();
      for (String name : envNames.ignored()) {
        String w = "ignored environment variable " + name + ": it starts with " + EnvNames.PREFIX
            + " but no Snapfork key maps to it";
        warnings.add(w);
        LOG.warn("{}", w);
      }
      Path path = configFile(layers);
      layers.put(ConfigSource.FILE, path == null ? Map.of()
          : checked(validator, ConfigFiles.read(path), k -> "file " + path));
      Map<String, String> allDefaults = new LinkedHashMap<>(CoreKeys.DEFAULTS);
      allDefaults.putAll(defaults);
      layers.put(ConfigSource.DEFAULT, checked(validator, allDefaults, k -> "default"));

      Map<String, ConfigValue> merged = new TreeMap<>();
      for (ConfigSource source : ConfigSource.values()) {
        layers.get(source).forEach((k, raw) -> merged.putIfAbsent(k,
            new ConfigValue(k, raw.value(), source, raw.origin(), catalog.isSecret(k))));
      }
      return new SnapforkConfig(java.util.Collections.unmodifiableMap(merged), providers, hooks, warnings);
    }

    private static KeyCatalog catalog(List<SnapshotProviderFactory> providers, List<ConsistencyHookFactory> hooks) {
      List<Component> components = new ArrayList<>();
      FactoryIndex.byName(CoreKeys.PROVIDER, "provider", providers, SnapshotProviderFactory::name).values()
          .forEach(f -> components.add(new Component("provider", f.name(), CoreKeys.PREFIX + f.name() + ".",
              f.configKeys(), f.secretKeys())));
      FactoryIndex.byName(CoreKeys.HOOKS, "hook", hooks, ConsistencyHookFactory::name).values()
          .forEach(f -> components.add(new Component("hook", f.name(), CoreKeys.HOOK_PREFIX + f.name() + ".",
              f.configKeys(), f.secretKeys())));
      return new KeyCatalog(CoreKeys.ALL, components);
    }

    private Path configFile(Map<ConfigSource, Map<String, RawValue>> layers) {
      if (file != null) {
        return file;
      }
      for (ConfigSource s : List.of(ConfigSource.CODE, ConfigSource.SYSTEM_PROPERTY, ConfigSource.ENVIRONMENT)) {
        RawValue v = layers.get(s).get(CoreKeys.CONFIG_FILE);
        if (v != null && !v.value().isBlank()) {
          return new ConfigView(CoreKeys.PREFIX, Map.of("config-file", v.value())).path("config-file").orElseThrow();
        }
      }
      return null;
    }

    private static Map<String, RawValue> checked(KeyValidator validator, Map<String, String> values,
        java.util.function.Function<String, String> origin) {
      Map<String, RawValue> out = new LinkedHashMap<>();
      values.forEach((k, v) -> {
        validator.check(k, origin.apply(k));
        out.put(k, new RawValue(k, v, origin.apply(k)));
      });
      return out;
    }

    private static Map<String, String> snapforkOnly(Map<String, String> properties) {
      Map<String, String> out = new TreeMap<>();
      properties.forEach((k, v) -> {
        if (k.startsWith(CoreKeys.PREFIX)) {
          out.put(k, v);
        }
      });
      return out;
    }

    private static Map<String, String> realOr(Map<String, String> injected, boolean systemProperties) {
      if (injected != null) {
        return injected;
      }
      if (!systemProperties) {
        return System.getenv();
      }
      Map<String, String> props = new TreeMap<>();
      System.getProperties().forEach((k, v) -> {
        if (k instanceof String ks && v instanceof String vs) {
          props.put(ks, vs);
        }
      });
      return props;
    }
  }
}

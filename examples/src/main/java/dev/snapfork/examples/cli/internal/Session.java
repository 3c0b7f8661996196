package dev.snapfork.examples.cli.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.Snapshotter;
import dev.snapfork.config.ConfigValue;
import dev.snapfork.config.CoreKeys;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.Providers;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.examples.cli.OutputFormat;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one CLI invocation shares between commands: the streams, the environment, the global
 * options, and the configuration and provider, each built on first use (so {@code --help} and
 * usage errors never touch a backend). Closing it closes the provider.
 */
public final class Session implements AutoCloseable {
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> environment;
  private final Map<String, String> systemProperties;
  private final boolean terminal;
  private final Redactor redactor = new Redactor();

  private String providerName;
  private Path configFile;
  private OutputFormat format = OutputFormat.table;
  private boolean verbose;
  private Duration progressInterval = Duration.ofSeconds(5);
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, String> fileSettings = new LinkedHashMap<>();

  private SnapforkConfig config;
  private SnapshotProvider provider;
  private boolean defaultAnnounced;

  public Session(PrintWriter out, PrintWriter err, Map<String, String> environment, Map<String, String> systemProperties,
      boolean terminal) {
    this.out = out;
    this.err = err;
    this.environment = Map.copyOf(environment);
    this.systemProperties = Map.copyOf(systemProperties);
    this.terminal = terminal;
  }

  /** Applies the global options (called by the root command before a subcommand runs). */
  public void options(String providerName, Path configFile, OutputFormat format, boolean verbose, Map<String, String> settings,
      Duration progressInterval) {
    this.providerName = providerName;
    this.configFile = configFile;
    this.format = format == null ? OutputFormat.table : format;
    this.verbose = verbose;
    this.settings.clear();
    settings.forEach((k, v) -> this.settings.put(k.startsWith(CoreKeys.PREFIX) ? k : CoreKeys.PREFIX + k, v));
    this.progressInterval = progressInterval;
    redactor.add(this.settings.entrySet().stream().filter(e -> looksSecret(e.getKey())).map(Map.Entry::getValue).toList());
  }

  /** Settings from a pipeline file: below flags, above environment, system properties and config file. */
  public void fileSettings(Map<String, String> values) {
    fileSettings.putAll(values);
    redactor.add(values.entrySet().stream().filter(e -> looksSecret(e.getKey())).map(Map.Entry::getValue).toList());
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public boolean verbose() {
    return verbose;
  }

  public Redactor redactor() {
    return redactor;
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Printer printer() {
    return new Printer(out, format, redactor);
  }

  public Progress progress() {
    return new Progress(err, terminal, progressInterval);
  }

  /** The configuration from the flags, the config file, environment and system properties. */
  public SnapforkConfig config() {
    if (config == null) {
      SnapforkConfig.Builder b = SnapforkConfig.builder().environment(environment).systemProperties(systemProperties);
      if (configFile != null) {
        if (!Files.isRegularFile(configFile)) {
          throw new ConfigurationException("--config", "file " + configFile + " does not exist or is not a file");
        }
        b.file(configFile);
      }
      b.setAll(fileSettings);
      b.setAll(settings);
      if (providerName != null) {
        b.set(CoreKeys.PROVIDER, providerName);
      }
      config = b.build();
      redactor.add(config.values().stream().filter(ConfigValue::secret).map(ConfigValue::value).toList());
    }
    return config;
  }

  /**
   * The factory of the provider this invocation uses: the one {@code snapfork.provider} names
   * (library rule), or, when no provider is named anywhere, the embedded {@code local} provider
   * (see {@link DefaultProvider}), announced once on {@code err}.
   *
   * @throws ConfigurationException when the named provider is not on the class path
   */
  public SnapshotProviderFactory providerFactory() {
    SnapforkConfig c = config();
    SnapshotProviderFactory f = DefaultProvider.select(c, c.providerFactories());
    if (DefaultProvider.applies(c, c.providerFactories()) && !defaultAnnounced) {
      defaultAnnounced = true;
      err.println(redactor.redact(DefaultProvider.notice(c, c.providerFactories())));
      err.flush();
    }
    return f;
  }

  /** The provider of {@link #providerFactory()}, created once. */
  public SnapshotProvider provider() {
    if (provider == null) {
      provider = Providers.load(config(), List.of(providerFactory()));
    }
    return provider;
  }

  /** The hooks of {@code snapfork.hooks}, or of {@code override} when not null. */
  public List<ConsistencyHook> hooks(List<String> override) {
    SnapforkConfig c = config();
    if (override != null) {
      SnapforkConfig.Builder b = SnapforkConfig.builder().environment(environment).systemProperties(systemProperties);
      if (configFile != null) {
        b.file(configFile);
      }
      b.setAll(fileSettings).setAll(settings).set(CoreKeys.HOOKS, String.join(",", override));
      c = b.build();
    }
    return Hooks.load(c);
  }

  /** A Snapshotter over the provider with the configured hooks (or {@code hookOverride}) and limits. */
  public Snapshotter snapshotter(List<String> hookOverride) {
    return Snapshotter.builder(provider()).hooks(hooks(hookOverride)).configure(config().core()).build();
  }

  /** The configured readiness timeout ({@code snapfork.ready-timeout}). */
  public Duration readyTimeout() {
    return config().core().duration("ready-timeout", Snapshotter.DEFAULT_READY_TIMEOUT);
  }

  @Override
  public void close() {
    if (provider != null) {
      provider.close();
      provider = null;
    }
  }

  private static boolean looksSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("token") || k.contains("password") || k.contains("secret") || k.contains("credential")
        || k.endsWith(".uri") || k.endsWith("key");
  }
}

package dev.snapfork.portworx.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.portworx.PortworxOptions;
import dev.snapfork.portworx.PortworxSnapshotProvider;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.util.Set;
import java.util.TreeSet;

/** Creates the {@code portworx} provider from the {@code snapfork.portworx.*} keys. */
public final class PortworxProviderFactory implements SnapshotProviderFactory {
  static final Set<String> KEYS = Set.of("endpoint", "tls", "tls.ca-file", "tls.cert-file", "tls.key-file", "tls.server-name",
      "token", "token-file", "allow-insecure-token", "call-timeout", "connect-timeout", "operation-timeout", "max-attempts",
      "retry.initial-delay", "retry.max-delay", "keepalive-time", "close-timeout");

  @Override
  public String name() {
    return PortworxSnapshotProvider.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return KEYS;
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("token");
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    return PortworxSnapshotProvider.connect(options(config));
  }

  /**
   * The options the keys describe.
   *
   * @throws ConfigurationException naming the key for an unknown key or a malformed value
   */
  public static PortworxOptions options(ConfigView c) {
    for (String key : new TreeSet<>(c.keys())) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException(c.fullKey(key), "unknown key; the portworx provider reads " + new TreeSet<>(KEYS));
      }
    }
    PortworxOptions.Builder b = PortworxOptions.builder()
        .endpoint(c.requireString("endpoint"))
        .tls(c.bool("tls", false))
        .allowInsecureToken(c.bool("allow-insecure-token", false))
        .maxAttempts(c.integer("max-attempts", 5, 1, 20));
    c.path("tls.ca-file").ifPresent(b::caFile);
    c.path("tls.cert-file").ifPresent(b::certFile);
    c.path("tls.key-file").ifPresent(b::keyFile);
    c.string("tls.server-name").ifPresent(b::serverName);
    c.secret("token").ifPresent(b::token);
    c.path("token-file").ifPresent(b::tokenFile);
    c.duration("call-timeout").ifPresent(b::callTimeout);
    c.duration("connect-timeout").ifPresent(b::connectTimeout);
    c.duration("operation-timeout").ifPresent(b::operationTimeout);
    c.duration("retry.initial-delay").ifPresent(b::retryInitialDelay);
    c.duration("retry.max-delay").ifPresent(b::retryMaxDelay);
    c.duration("keepalive-time").ifPresent(b::keepAliveTime);
    c.duration("close-timeout").ifPresent(b::closeTimeout);
    return b.build();
  }
}

package dev.snapfork.portworx;

import dev.snapfork.ConfigurationException;
import dev.snapfork.config.Secret;
import dev.snapfork.portworx.internal.Endpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach a Portworx (OpenStorage SDK) gRPC endpoint: address, TLS, bearer token, deadlines
 * and retries. Immutable; build with {@link #builder()}. Each setting has a configuration key
 * {@code snapfork.portworx.<key>}, named in the setter's documentation and in error messages.
 * {@link #toString()} never shows the token.
 */
public final class PortworxOptions {
  /** Key prefix of every Portworx setting. */
  public static final String PREFIX = "snapfork.portworx.";

  private final String endpoint;
  private final boolean tls;
  private final Path caFile;
  private final Path certFile;
  private final Path keyFile;
  private final String serverName;
  private final Secret token;
  private final Path tokenFile;
  private final boolean allowInsecureToken;
  private final Duration callTimeout;
  private final Duration connectTimeout;
  private final Duration operationTimeout;
  private final int maxAttempts;
  private final Duration retryInitialDelay;
  private final Duration retryMaxDelay;
  private final Duration keepAliveTime;
  private final Duration closeTimeout;

  private PortworxOptions(Builder b) {
    this.endpoint = b.endpoint;
    this.tls = b.tls;
    this.caFile = b.caFile;
    this.certFile = b.certFile;
    this.keyFile = b.keyFile;
    this.serverName = b.serverName;
    this.token = b.token;
    this.tokenFile = b.tokenFile;
    this.allowInsecureToken = b.allowInsecureToken;
    this.callTimeout = b.callTimeout;
    this.connectTimeout = b.connectTimeout;
    this.operationTimeout = b.operationTimeout;
    this.maxAttempts = b.maxAttempts;
    this.retryInitialDelay = b.retryInitialDelay;
    this.retryMaxDelay = b.retryMaxDelay;
    this.keepAliveTime = b.keepAliveTime;
    this.closeTimeout = b.closeTimeout;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} of the SDK gRPC port (Portworx serves 9020 by default); empty when a channel is supplied. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public boolean tls() {
    return tls;
  }

  public Optional<Path> caFile() {
    return Optional.ofNullable(caFile);
  }

  public Optional<Path> certFile() {
    return Optional.ofNullable(certFile);
  }

  public Optional<Path> keyFile() {
    return Optional.ofNullable(keyFile);
  }

  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  public Optional<Secret> token() {
    return Optional.ofNullable(token);
  }

  public Optional<Path> tokenFile() {
    return Optional.ofNullable(tokenFile);
  }

  public boolean allowInsecureToken() {
    return allowInsecureToken;
  }

  public Duration callTimeout() {
    return callTimeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration operationTimeout() {
    return operationTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retryInitialDelay() {
    return retryInitialDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /** Keepalive ping interval; empty (the default) sends no keepalive pings. */
  public Optional<Duration> keepAliveTime() {
    return Optional.ofNullable(keepAliveTime);
  }

  public Duration closeTimeout() {
    return closeTimeout;
  }

  @Override
  public String toString() {
    return "PortworxOptions{endpoint=" + endpoint + ", tls=" + tls + ", caFile=" + caFile + ", certFile=" + certFile
        + ", keyFile=" + keyFile + ", serverName=" + serverName + ", token=" + (token == null ? "none" : "****")
        + ", tokenFile=" + tokenFile + ", allowInsecureToken=" + allowInsecureToken + ", callTimeout=" + callTimeout
        + ", connectTimeout=" + connectTimeout + ", operationTimeout=" + operationTimeout + ", maxAttempts=" + maxAttempts
        + ", retryInitialDelay=" + retryInitialDelay + ", retryMaxDelay=" + retryMaxDelay + ", keepAliveTime=" + keepAliveTime
        + ", closeTimeout=" + closeTimeout + "}";
  }

  /**
   * Builds {@link PortworxOptions}. {@link #build()} checks the combination and throws
   * {@link ConfigurationException} naming the {@code snapfork.portworx.*} key at fault.
   */
  public static final class Builder {
    private String endpoint;
    private boolean tls;
    private Path caFile;
    private Path certFile;
    private Path keyFile;
    private String serverName;
    private Secret token;
    private Path tokenFile;
    private boolean allowInsecureToken;
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration operationTimeout = Duration.ofMinutes(2);
    private int maxAttempts = 5;
    private Duration retryInitialDelay = Duration.ofMillis(100);
    private Duration retryMaxDelay = Duration.ofSeconds(5);
    private Duration keepAliveTime;
    private Duration closeTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /** {@code endpoint}: {@code host:port} of the SDK gRPC port. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** {@code tls}: use TLS (default false). Hostname verification stays on. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** {@code tls.ca-file}: PEM file of the CA(s) to trust; default the JDK's trust store. */
    public Builder caFile(Path caFile) {
      this.caFile = caFile;
      return this;
    }

    /** {@code tls.cert-file}: PEM client certificate chain, for mutual TLS (with {@link #keyFile}). */
    public Builder certFile(Path certFile) {
      this.certFile = certFile;
      return this;
    }

    /** {@code tls.key-file}: PEM PKCS#8 private key of the client certificate. */
    public Builder keyFile(Path keyFile) {
      this.keyFile = keyFile;
      return this;
    }

    /** {@code tls.server-name}: the name the server certificate must carry, when not the endpoint host. */
    public Builder serverName(String serverName) {
      this.serverName = serverName;
      return this;
    }

    /** {@code token}: a static bearer token (JWT). */
    public Builder token(Secret token) {
      this.token = token;
      return this;
    }

    /** {@code token-file}: a file holding the token, re-read whenever it changes. */
    public Builder tokenFile(Path tokenFile) {
      this.tokenFile = tokenFile;
      return this;
    }

    /** {@code allow-insecure-token}: allow sending a token in plaintext to a non-loopback host (default false). */
    public Builder allowInsecureToken(boolean allow) {
      this.allowInsecureToken = allow;
      return this;
    }

    /** {@code call-timeout}: deadline of each gRPC call (default 30s). */
    public Builder callTimeout(Duration d) {
      this.callTimeout = d;
      return this;
    }

    /** {@code connect-timeout}: how long the first call (Identity.Version) may take (default 10s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    /** {@code operation-timeout}: no retry starts after this long (default 2m). */
    public Builder operationTimeout(Duration d) {
      this.operationTimeout = d;
      return this;
    }

    /** {@code max-attempts}: attempts per operation for transient errors, 1-20 (default 5). */
    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    /** {@code retry.initial-delay}: first retry delay bound (default 100ms). */
    public Builder retryInitialDelay(Duration d) {
      this.retryInitialDelay = d;
      return this;
    }

    /** {@code retry.max-delay}: cap on any retry delay (default 5s). */
    public Builder retryMaxDelay(Duration d) {
      this.retryMaxDelay = d;
      return this;
    }

    /**
     * {@code keepalive-time}: keepalive ping interval; unset by default. Servers on older grpc-go
     * answer pings more often than every 5 minutes with GOAWAY {@code too_many_pings}.
     */
    public Builder keepAliveTime(Duration d) {
      this.keepAliveTime = d;
      return this;
    }

    /** {@code close-timeout}: how long {@code close()} waits for calls in flight (default 5s). */
    public Builder closeTimeout(Duration d) {
      this.closeTimeout = d;
      return this;
    }

    /** @throws ConfigurationException naming the key when a value or combination is invalid */
    public PortworxOptions build() {
      positive("call-timeout", callTimeout);
      positive("connect-timeout", connectTimeout);
      positive("operation-timeout", operationTimeout);
      positive("retry.initial-delay", retryInitialDelay);
      positive("retry.max-delay", retryMaxDelay);
      positive("close-timeout", closeTimeout);
      if (keepAliveTime != null) {
        positive("keepalive-time", keepAliveTime);
      }
      if (retryMaxDelay.compareTo(retryInitialDelay) < 0) {
        throw new ConfigurationException(PREFIX + "retry.max-delay", "must be at least retry.initial-delay");
      }
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new ConfigurationException(PREFIX + "max-attempts", "must be between 1 and 20, got " + maxAttempts);
      }
      if (endpoint != null) {
        Endpoints.parse(endpoint);
      }
      if (token != null && tokenFile != null) {
        throw new ConfigurationException(PREFIX + "token-file", "set either token or token-file, not both");
      }
      if (token != null && token.reveal().isBlank()) {
        throw new ConfigurationException(PREFIX + "token", "must not be blank");
      }
      if ((certFile == null) != (keyFile == null)) {
        throw new ConfigurationException(PREFIX + (certFile == null ? "tls.cert-file" : "tls.key-file"),
            "tls.cert-file and tls.key-file go together (mutual TLS)");
      }
      if (!tls && (caFile != null || certFile != null || serverName != null)) {
        throw new ConfigurationException(PREFIX + "tls", "must be true when tls.ca-file, tls.cert-file or tls.server-name is set");
      }
      boolean hasToken = token != null || tokenFile != null;
      if (hasToken && !tls && endpoint != null && !allowInsecureToken && !Endpoints.isLoopback(Endpoints.parse(endpoint).host())) {
        throw new ConfigurationException(PREFIX + "allow-insecure-token",
            "a bearer token would travel in plaintext to " + Endpoints.parse(endpoint).host()
                + "; enable tls, or set allow-insecure-token=true to accept that");
      }
      return new PortworxOptions(this);
    }

    private static void positive(String key, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ConfigurationException(PREFIX + key, "must be a positive duration, got " + d);
      }
    }
  }
}

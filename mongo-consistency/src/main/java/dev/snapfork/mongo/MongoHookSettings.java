package dev.snapfork.mongo;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.Secret;
import dev.snapfork.mongo.internal.SettingsRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the MongoDB hook reaches and locks its member. Immutable; {@link Builder#build()} checks
 * every value before anything connects. {@link #toString()} never shows the connection string.
 */
public final class MongoHookSettings {
  /** Default {@link Builder#acquisitionTimeout}. */
  public static final Duration DEFAULT_ACQUISITION_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link Builder#connectTimeout}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** Default {@link Builder#releaseTimeout}. */
  public static final Duration DEFAULT_RELEASE_TIMEOUT = Duration.ofSeconds(30);
  /** Default {@link Builder#retryDelay}. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(100);
  /** Default {@link Builder#freezeCheckTimeout}. */
  public static final Duration DEFAULT_FREEZE_CHECK_TIMEOUT = Duration.ofSeconds(1);
  /** Default {@link Builder#sessionIdleTimeout}. */
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final Secret connectionString;
  private final String member;
  private final MemberPreference memberPreference;
  private final boolean joinExistingLock;
  private final Duration acquisitionTimeout;
  private final Duration connectTimeout;
  private final Duration releaseTimeout;
  private final Duration retryDelay;
  private final Path ledgerDir;
  private final Duration sessionIdleTimeout;
  private final Duration freezeCheckTimeout;

  private MongoHookSettings(Builder b) {
    this.connectionString = b.connectionString;
    this.member = b.member;
    this.memberPreference = b.memberPreference;
    this.joinExistingLock = b.joinExistingLock;
    this.acquisitionTimeout = b.acquisitionTimeout;
    this.connectTimeout = b.connectTimeout;
    this.releaseTimeout = b.releaseTimeout;
    this.retryDelay = b.retryDelay;
    this.ledgerDir = b.ledgerDir;
    this.sessionIdleTimeout = b.sessionIdleTimeout;
    this.freezeCheckTimeout = b.freezeCheckTimeout;
  }

  /** Starts settings for the deployment at {@code connectionString} (a secret). */
  public static Builder builder(Secret connectionString) {
    return new Builder(connectionString);
  }

  /** The connection string; reveal it only to the driver. */
  public Secret connectionString() {
    return connectionString;
  }

  /** The explicit member to lock ({@code host:port}), if set. */
  public Optional<String> member() {
    return Optional.ofNullable(member);
  }

  public MemberPreference memberPreference() {
    return memberPreference;
  }

  /** Whether to take an extra lock when someone else already holds one (else refuse). */
  public boolean joinExistingLock() {
    return joinExistingLock;
  }

  /** Bound on acquiring the lock ({@code fsyncLockAcquisitionTimeoutMillis}). */
  public Duration acquisitionTimeout() {
    return acquisitionTimeout;
  }

  /** Bound on connecting and selecting the server; an unreachable host fails within it. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * How long release may take in all: reconnecting and retrying {@code fsyncUnlock}, each attempt
   * bounded by what is left of it.
   */
  public Duration releaseTimeout() {
    return releaseTimeout;
  }

  /**
   * Bound on the freeze-lost check right after the cut ({@code currentOp}, including finding the
   * server again when the lock connection dropped); when it runs out the freeze is reported lost
   * (the lock cannot be confirmed). The freeze after the cut lasts at most this plus
   * {@link #releaseTimeout()}.
   */
  public Duration freezeCheckTimeout() {
    return freezeCheckTimeout;
  }

  /** First delay of release's capped exponential backoff. */
  public Duration retryDelay() {
    return retryDelay;
  }

  /** Where the records of locks Snapfork holds are kept (read by recovery). */
  public Path ledgerDir() {
    return ledgerDir;
  }

  /**
   * How long the hook keeps its client (one connection to the member) open after a release for
   * the next quiesce; zero closes it after every release.
   */
  public Duration sessionIdleTimeout() {
    return sessionIdleTimeout;
  }

  @Override
  public String toString() {
    return "MongoHookSettings{connectionString=****, member=" + (member == null ? memberPreference : member)
        + ", joinExistingLock=" + joinExistingLock + ", acquisitionTimeout=" + acquisitionTimeout + ", connectTimeout="
        + connectTimeout + ", releaseTimeout=" + releaseTimeout + ", retryDelay=" + retryDelay + ", ledgerDir=" + ledgerDir
        + ", sessionIdleTimeout=" + sessionIdleTimeout + ", freezeCheckTimeout=" + freezeCheckTimeout + "}";
  }

  /** Builds {@link MongoHookSettings}; every setter and {@link #build()} validate. */
  public static final class Builder {
    private final Secret connectionString;
    private String member;
    private MemberPreference memberPreference = MemberPreference.CONNECTION_STRING;
    private boolean joinExistingLock;
    private Duration acquisitionTimeout = DEFAULT_ACQUISITION_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration releaseTimeout = DEFAULT_RELEASE_TIMEOUT;
    private Duration retryDelay = DEFAULT_RETRY_DELAY;
    private Path ledgerDir = Path.of(System.getProperty("java.io.tmpdir"), "snapfork-mongo-locks");
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private Duration freezeCheckTimeout = DEFAULT_FREEZE_CHECK_TIMEOUT;

    private Builder(Secret connectionString) {
      if (connectionString == null) {
        throw new InvalidRequestException("connection-string", "is required");
      }
      this.connectionString = connectionString;
    }

    /**
     * The member to lock, {@code host:port}; must be one of the hosts the connection string lists.
     *
     * @throws InvalidRequestException when not {@code host:port}
     */
    public Builder member(String hostAndPort) {
      this.member = SettingsRules.hostAndPort("member", hostAndPort);
      return this;
    }

    public Builder memberPreference(MemberPreference preference) {
      if (preference == null) {
        throw new InvalidRequestException("member-preference", "must not be null");
      }
      this.memberPreference = preference;
      return this;
    }

    public Builder joinExistingLock(boolean join) {
      this.joinExistingLock = join;
      return this;
    }

    /** @throws InvalidRequestException when not positive */
    public Builder acquisitionTimeout(Duration timeout) {
      this.acquisitionTimeout = SettingsRules.positive("acquisition-timeout", timeout);
      return this;
    }

    /** @throws InvalidRequestException when not positive */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = SettingsRules.positive("connect-timeout", timeout);
      return this;
    }

    /** @throws InvalidRequestException when not positive */
    public Builder releaseTimeout(Duration timeout) {
      this.releaseTimeout = SettingsRules.positive("release-timeout", timeout);
      return this;
    }

    /**
     * Bound on the freeze-lost check after the cut (see {@link MongoHookSettings#freezeCheckTimeout()}).
     *
     * @throws InvalidRequestException when not positive
     */
    public Builder freezeCheckTimeout(Duration timeout) {
      this.freezeCheckTimeout = SettingsRules.positive("freeze-check-timeout", timeout);
      return this;
    }

    /** @throws InvalidRequestException when not positive */
    public Builder retryDelay(Duration delay) {
      this.retryDelay = SettingsRules.positive("retry-delay", delay);
      return this;
    }

    /**
     * How long an idle client is kept for the next quiesce after a release ({@code 0s}: close it
     * after every release, the next quiesce connects afresh).
     *
     * @throws InvalidRequestException when null or negative
     */
    public Builder sessionIdleTimeout(Duration timeout) {
      this.sessionIdleTimeout = SettingsRules.notNegative("session-idle-timeout", timeout);
      return this;
    }

    /** @throws InvalidRequestException when null */
    public Builder ledgerDir(Path dir) {
      if (dir == null) {
        throw new InvalidRequestException("ledger-dir", "must not be null");
      }
      this.ledgerDir = dir;
      return this;
    }

    /**
     * Checks the connection string's shape and that the member choice is unambiguous. Connects to
     * nothing.
     *
     * @throws InvalidRequestException naming the field and the rule (never the connection string)
     */
    public MongoHookSettings build() {
      SettingsRules.checkTarget(connectionString, member, memberPreference);
      return new MongoHookSettings(this);
    }
  }
}

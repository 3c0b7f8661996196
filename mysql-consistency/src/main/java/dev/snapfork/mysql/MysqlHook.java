package dev.snapfork.mysql;

import dev.snapfork.spi.Checks;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.config.Secret;
import dev.snapfork.mysql.internal.JdbcUrl;
import dev.snapfork.mysql.internal.MysqlQuiescer;
import java.time.Duration;

/**
 * Holds a MySQL or MariaDB server still during a cut. {@link #quiesce} opens a dedicated
 * connection, bounds the lock wait with {@code lock_wait_timeout}, takes the lock of the
 * {@link MysqlLockMode} and reads the binary log position and GTID position (attached to the
 * snapshot as {@link MysqlLabels}). The lock belongs to that connection and is held until
 * {@link QuiesceHandle#release()}, which unlocks and closes it. If the connection dies during the
 * freeze (killed, dropped), {@link QuiesceHandle#freezeLost()} says so and the
 * {@link dev.snapfork.Snapshotter} does not report the snapshot as application-consistent.
 *
 * <p>Errors from {@link #quiesce}: {@link dev.snapfork.ConsistencyException} when the lock was not
 * granted in time (naming the blocking statements; the server is left unlocked) or the server
 * lacks the mode, {@link dev.snapfork.UnavailableException} when the server cannot be reached,
 * {@link dev.snapfork.PermissionDeniedException} when the user lacks a privilege. The password
 * never appears in messages or {@link #toString()}. Thread-safe: concurrent quiesces use
 * separate sessions.
 */
public final class MysqlHook implements ConsistencyHook {
  /** The hook name used in {@code snapfork.hooks}. */
  public static final String NAME = "mysql";
  /** Default {@link Builder#lockWaitTimeout}. */
  public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(5);

  private final JdbcUrl url;
  private final String user;
  private final MysqlLockMode mode;
  private final Duration lockWaitTimeout;
  private final MysqlQuiescer quiescer;

  private MysqlHook(Builder b, JdbcUrl url) {
    this.url = url;
    this.user = b.user;
    this.mode = b.mode;
    this.lockWaitTimeout = b.lockWaitTimeout;
    this.quiescer = new MysqlQuiescer(url, b.user, b.password, b.mode, b.lockWaitTimeout);
  }

  /** Starts a hook for the server at {@code jdbcUrl} (checked at {@link Builder#build()}). */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The lock mode. */
  public MysqlLockMode mode() {
    return mode;
  }

  /** How long the lock may wait for running statements before quiesce gives up. */
  public Duration lockWaitTimeout() {
    return lockWaitTimeout;
  }

  /**
   * Takes the lock on a dedicated session; see the class description.
   *
   * @throws dev.snapfork.ConsistencyException when the lock is not granted within the lock wait
   *     timeout (the message names the blocking statements) or the mode is not available
   * @throws dev.snapfork.UnavailableException when the server cannot be reached (retryable)
   * @throws dev.snapfork.PermissionDeniedException when the user may not take the lock
   */
  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    Checks.notNull("context", context);
    return quiescer.quiesce(context);
  }

  @Override
  public String toString() {
    return "MysqlHook{url=" + url + ", user=" + user + ", password=****, mode=" + mode.configName()
        + ", lockWaitTimeout=" + lockWaitTimeout + "}";
  }

  /** Configures a {@link MysqlHook}; every value is checked by {@link #build()} before any connection. */
  public static final class Builder {
    private final String jdbcUrl;
    private String user = "root";
    private Secret password;
    private MysqlLockMode mode = MysqlLockMode.GLOBAL_READ_LOCK;
    private Duration lockWaitTimeout = DEFAULT_LOCK_WAIT_TIMEOUT;
    private String urlField = "url";

    private Builder(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    /** The user (default {@code root}); needs RELOAD, PROCESS and BINLOG MONITOR / REPLICATION CLIENT. */
    public Builder user(String user) {
      this.user = Checks.notBlank("user", user);
      return this;
    }

    /** The password; never shown. */
    public Builder password(Secret password) {
      this.password = Checks.notNull("password", password);
      return this;
    }

    /** The lock mode (default {@link MysqlLockMode#GLOBAL_READ_LOCK}). */
    public Builder mode(MysqlLockMode mode) {
      this.mode = Checks.notNull("mode", mode);
      return this;
    }

    /**
     * How long the lock may wait for running statements (default 5 s, rounded up to whole
     * seconds as the server counts them); never longer than the quiesce timeout.
     *
     * @throws InvalidRequestException when null, zero or negative
     */
    public Builder lockWaitTimeout(Duration lockWaitTimeout) {
      this.lockWaitTimeout = Checks.positive("lockWaitTimeout", lockWaitTimeout);
      return this;
    }

    /** The field name errors about the URL use (the factory passes the configuration key). */
    public Builder urlField(String field) {
      this.urlField = Checks.notBlank("urlField", field);
      return this;
    }

    /**
     * @throws InvalidRequestException naming the field when the URL is malformed or carries
     *     credentials
     */
    public MysqlHook build() {
      return new MysqlHook(this, JdbcUrl.parse(urlField, jdbcUrl));
    }
  }
}

package dev.snapfork.postgres;

import dev.snapfork.spi.Checks;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.config.Secret;
import dev.snapfork.postgres.internal.JdbcUrl;
import dev.snapfork.postgres.internal.PgQuiescer;
import java.time.Duration;

/**
 * Prepares a PostgreSQL server for a cut; neither mode blocks writes.
 *
 * <ul>
 *   <li>{@link PostgresMode#CHECKPOINT} (default): {@code CHECKPOINT} right before the cut, so the
 *       crash-consistent snapshot recovers fast. Nothing is held; the label
 *       {@link PostgresLabels#CHECKPOINT_LSN} records the checkpoint.
 *   <li>{@link PostgresMode#BACKUP}: {@code pg_backup_start} before the cut and
 *       {@code pg_backup_stop} at release, in one dedicated session (the functions are chosen by
 *       server version). The backup label comes back after the cut, as
 *       {@link dev.snapfork.SnapshotResult#releaseMetadata()} ({@link PostgresLabels#BACKUP_LABEL});
 *       {@link PostgresClone#prepare} writes it into a clone. If the session dies mid-freeze the
 *       server aborts the backup and {@link QuiesceHandle#freezeLost()} says so, so the
 *       {@link dev.snapfork.Snapshotter} does not report the snapshot as application-consistent.
 * </ul>
 *
 * <p>Errors from {@link #quiesce}: {@link dev.snapfork.ConsistencyException} when a statement did
 * not finish within the timeout or failed, {@link dev.snapfork.UnavailableException} when the
 * server cannot be reached, {@link dev.snapfork.PermissionDeniedException} when the user lacks a
 * privilege. The password never appears in messages or {@link #toString()}. Thread-safe.
 */
public final class PostgresHook implements ConsistencyHook {
  /** The hook name used in {@code snapfork.hooks}. */
  public static final String NAME = "postgres";
  /** Default {@link Builder#lockWaitTimeout}. */
  public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(30);

  private final JdbcUrl url;
  private final String user;
  private final PostgresMode mode;
  private final Duration lockWaitTimeout;
  private final PgQuiescer quiescer;

  private PostgresHook(Builder b, JdbcUrl url) {
    this.url = url;
    this.user = b.user;
    this.mode = b.mode;
    this.lockWaitTimeout = b.lockWaitTimeout;
    this.quiescer = new PgQuiescer(url, b.user, b.password, b.mode, b.lockWaitTimeout);
  }

  /** Starts a hook for the server at {@code jdbcUrl} (checked at {@link Builder#build()}). */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The mode. */
  public PostgresMode mode() {
    return mode;
  }

  /** The bound on the quiesce statements ({@code statement_timeout}). */
  public Duration lockWaitTimeout() {
    return lockWaitTimeout;
  }

  /**
   * Runs the mode's quiesce step; see the class description.
   *
   * @throws dev.snapfork.ConsistencyException when it failed or did not finish in time (the
   *     server is left as it was)
   * @throws dev.snapfork.UnavailableException when the server cannot be reached (retryable)
   * @throws dev.snapfork.PermissionDeniedException when the user may not checkpoint or back up
   */
  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    Checks.notNull("context", context);
    return quiescer.quiesce(context);
  }

  @Override
  public String toString() {
    return "PostgresHook{url=" + url + ", user=" + user + ", password=****, mode=" + mode.configName()
        + ", lockWaitTimeout=" + lockWaitTimeout + "}";
  }

  /** Configures a {@link PostgresHook}; every value is checked before any connection. */
  public static final class Builder {
    private final String jdbcUrl;
    private String user = "postgres";
    private Secret password;
    private PostgresMode mode = PostgresMode.CHECKPOINT;
    private Duration lockWaitTimeout = DEFAULT_LOCK_WAIT_TIMEOUT;
    private String urlField = "url";

    private Builder(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    /** The user (default {@code postgres}); needs pg_checkpoint (or superuser) and EXECUTE on the backup functions. */
    public Builder user(String user) {
      this.user = Checks.notBlank("user", user);
      return this;
    }

    /** The password; never shown. */
    public Builder password(Secret password) {
      this.password = Checks.notNull("password", password);
      return this;
    }

    /** The mode (default {@link PostgresMode#CHECKPOINT}). */
    public Builder mode(PostgresMode mode) {
      this.mode = Checks.notNull("mode", mode);
      return this;
    }

    /**
     * How long {@code CHECKPOINT} or {@code pg_backup_start} may take (default 30 s; never longer
     * than the quiesce timeout), enforced by the server's {@code statement_timeout}.
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

    /** @throws InvalidRequestException naming the field when the URL is malformed or carries credentials */
    public PostgresHook build() {
      return new PostgresHook(this, JdbcUrl.parse(urlField, jdbcUrl));
    }
  }
}

package dev.snapfork.postgres.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.config.Secret;
import dev.snapfork.postgres.PostgresLabels;
import dev.snapfork.postgres.PostgresMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Connects, bounds every statement with {@code statement_timeout}, then runs {@code CHECKPOINT}
 * (checkpoint mode; the session is closed at once) or {@code pg_backup_start} (backup mode; the
 * session is kept until release). On failure the session is closed, which ends any backup.
 */
public final class PgQuiescer {
  /** The application_name of the hook's sessions (visible in {@code pg_stat_activity}). */
  public static final String APPLICATION_NAME = "snapfork-postgres-hook";

  private final JdbcUrl url;
  private final String user;
  private final Secret password;
  private final PostgresMode mode;
  private final Duration statementTimeout;

  public PgQuiescer(JdbcUrl url, String user, Secret password, PostgresMode mode, Duration statementTimeout) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.mode = mode;
    this.statementTimeout = statementTimeout;
  }

  public QuiesceHandle quiesce(QuiesceContext ctx) {
    Connection c = connect(ctx.timeout());
    long timeoutMs = Math.max(1, Math.min(statementTimeout.toMillis(), ctx.timeout().toMillis()));
    String step = "reading the server version";
    try (Statement st = c.createStatement()) {
      int version;
      int pid;
      try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, pg_backend_pid()")) {
        rs.next();
        version = rs.getInt(1);
        pid = rs.getInt(2);
      }
      step = "setting statement_timeout";
      st.execute("SET statement_timeout = " + timeoutMs);
      if (mode == PostgresMode.CHECKPOINT) {
        step = "CHECKPOINT";
        st.execute("CHECKPOINT");
        String lsn;
        try (ResultSet rs = st.executeQuery("SELECT checkpoint_lsn::text FROM pg_control_checkpoint()")) {
          rs.next();
          lsn = rs.getString(1);
        }
        closeQuietly(c);
        return new CheckpointDone(Map.of(PostgresLabels.MODE, mode.configName(), PostgresLabels.CHECKPOINT_LSN, lsn));
      }
      step = version >= 150000 ? "pg_backup_start" : "pg_start_backup";
      String sql = version >= 150000 ? "SELECT pg_backup_start(?, true)::text" : "SELECT pg_start_backup(?, true, false)::text";
      String lsn;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, label(ctx.requestId()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          lsn = rs.getString(1);
        }
      }
      return new BackupSession(c, pid, version,
          Map.of(PostgresLabels.MODE, mode.configName(), PostgresLabels.BACKUP_START_LSN, lsn), password);
    } catch (SQLException e) {
      closeQuietly(c);
      if (PgErrors.QUERY_CANCELED.equals(e.getSQLState())) {
        throw new ConsistencyException("postgres: " + step + " did not finish within lock-wait-timeout " + Duration.ofMillis(timeoutMs)
            + " and was cancelled; the server is left as it was (writes were never blocked)", e, true);
      }
      throw PgErrors.translate("postgres: " + step + " on " + url, e, password);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static String label(String requestId) {
    String l = "snapfork " + requestId;
    return l.length() > 1000 ? l.substring(0, 1000) : l;
  }

  private Connection connect(Duration timeout) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password.reveal());
    }
    p.setProperty("connectTimeout", Long.toString(Math.max(1, timeout.toSeconds())));
    p.setProperty("ApplicationName", APPLICATION_NAME);
    try {
      Connection c = new org.postgresql.Driver().connect(url.driverUrl(), p);
      if (c == null) {
        throw new ConsistencyException("postgres: the driver did not accept " + url, null);
      }
      return c;
    } catch (SQLException e) {
      throw PgErrors.translate("postgres: connecting to " + url + " as " + user, e, password);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing ends the session and any backup it started
    }
  }

  /** Checkpoint mode holds nothing after the checkpoint: release has nothing to do. */
  private record CheckpointDone(Map<String, String> snapshotLabels) implements QuiesceHandle {
    @Override
    public void release() {
      // nothing held
    }
  }
}

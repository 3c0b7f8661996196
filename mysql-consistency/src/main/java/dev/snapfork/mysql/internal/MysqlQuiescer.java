package dev.snapfork.mysql.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotException;
import dev.snapfork.config.Secret;
import dev.snapfork.mysql.MysqlLabels;
import dev.snapfork.mysql.MysqlLockMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Opens the dedicated session, bounds the lock wait, takes the lock and reads the binary log
 * position. On any failure the session is closed, which leaves the server unlocked.
 */
public final class MysqlQuiescer {
  private final JdbcUrl url;
  private final String user;
  private final Secret password;
  private final MysqlLockMode mode;
  private final Duration lockWaitTimeout;

  public MysqlQuiescer(JdbcUrl url, String user, Secret password, MysqlLockMode mode, Duration lockWaitTimeout) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.mode = mode;
    this.lockWaitTimeout = lockWaitTimeout;
  }

  /** See {@link dev.snapfork.ConsistencyHook#quiesce}. */
  public QuiesceHandle quiesce(QuiesceContext ctx) {
    Connection c = connect(ctx.timeout());
    ServerInfo server = null;
    LockPlan plan = null;
    String step = "reading the server version";
    try {
      server = ServerInfo.read(c);
      plan = LockPlan.of(mode, server);
      long waitSeconds = Math.max(1, (Math.min(lockWaitTimeout.toMillis(), ctx.timeout().toMillis()) + 999) / 1000);
      try (Statement st = c.createStatement()) {
        step = "setting lock_wait_timeout";
        st.execute("SET SESSION lock_wait_timeout = " + waitSeconds);
        for (String sql : plan.lock()) {
          step = sql;
          try {
            st.execute(sql);
          } catch (SQLException e) {
            if (e.getErrorCode() == MysqlErrors.LOCK_WAIT_TIMEOUT) {
              String blockers = Blockers.describe(c, server.connectionId());
              throw new ConsistencyException("mysql: " + sql + " was not granted within lock-wait-timeout " + waitSeconds + "s; "
                  + blockers + ". The lock attempt was abandoned and the server left unlocked; writes flow again", null, true);
            }
            throw e;
          }
        }
      }
      step = "reading the binary log position";
      Map<String, String> labels = new LinkedHashMap<>(BinlogPosition.read(c, server));
      labels.put(MysqlLabels.LOCK_MODE, mode.configName());
      return new LockSession(c, server, plan, labels);
    } catch (SQLException e) {
      closeQuietly(c);
      throw MysqlErrors.translate("mysql: " + step + " on " + url, e, password);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private Connection connect(Duration timeout) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password.reveal());
    }
    p.setProperty("connectTimeout", Long.toString(Math.max(1000, timeout.toMillis())));
    try {
      Connection c = new org.mariadb.jdbc.Driver().connect(url.driverUrl(), p);
      if (c == null) {
        throw new ConsistencyException("mysql: the driver did not accept " + url, null);
      }
      return c;
    } catch (SQLException e) {
      SnapshotException t = MysqlErrors.translate("mysql: connecting to " + url + " as " + user, e, password);
      throw t;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing ends the session and any lock it took; nothing more to do
    }
  }
}

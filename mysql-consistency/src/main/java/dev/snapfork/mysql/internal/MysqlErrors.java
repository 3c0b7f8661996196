package dev.snapfork.mysql.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import dev.snapfork.config.Secret;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The one place MySQL/MariaDB driver errors become Snapfork exceptions: unreachable server ->
 * {@link UnavailableException} (retryable), access denied or missing privilege ->
 * {@link PermissionDeniedException}, everything else -> {@link ConsistencyException}. The
 * password never appears in a message or a cause.
 */
public final class MysqlErrors {
  /** ER_LOCK_WAIT_TIMEOUT. */
  public static final int LOCK_WAIT_TIMEOUT = 1205;
  private static final int ACCESS_DENIED = 1045;
  private static final int DB_ACCESS_DENIED = 1044;
  private static final int SPECIFIC_ACCESS_DENIED = 1227;
  private static final int TABLE_ACCESS_DENIED = 1142;

  private MysqlErrors() {}

  /**
   * @param what what was being done, e.g. {@code "mysql: connecting to jdbc:mariadb://h:3306/"}
   */
  public static SnapshotException translate(String what, SQLException e, Secret password) {
    String msg = what + ": " + mask(e.getMessage(), password) + sqlState(e);
    SQLException cause = sanitized(e, password);
    int code = e.getErrorCode();
    if (code == ACCESS_DENIED || code == DB_ACCESS_DENIED || code == SPECIFIC_ACCESS_DENIED || code == TABLE_ACCESS_DENIED
        || "28000".equals(e.getSQLState())) {
      return new PermissionDeniedException(msg + " (the hook needs RELOAD, PROCESS and BINLOG MONITOR/REPLICATION CLIENT privileges)", cause);
    }
    if (isConnectionLoss(e)) {
      return new UnavailableException(msg, cause);
    }
    return new ConsistencyException(msg, cause);
  }

  /** Whether the error means the session is gone (server down, connection killed or dropped). */
  public static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
        || (state != null && state.startsWith("08")) || e.getErrorCode() == 1927 /* ER_CONNECTION_KILLED */;
  }

  /** {@code text} with every occurrence of the password replaced by {@code ****}. */
  public static String mask(String text, Secret password) {
    if (text == null) {
      return "(no message)";
    }
    if (password == null || password.reveal().isEmpty()) {
      return text;
    }
    return text.replace(password.reveal(), "****");
  }

  private static String sqlState(SQLException e) {
    return e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + "]";
  }

  private static SQLException sanitized(SQLException e, Secret password) {
    String m = e.getMessage();
    if (m == null || password == null || password.reveal().isEmpty() || !m.contains(password.reveal())) {
      return e;
    }
    SQLException copy = new SQLException(mask(m, password), e.getSQLState(), e.getErrorCode());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}

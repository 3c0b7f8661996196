package dev.snapfork.postgres.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import dev.snapfork.config.Secret;
import java.sql.SQLException;

/**
 * The one place PostgreSQL driver errors become Snapfork exceptions: connection failures (SQLState
 * class 08, shutdown 57P0x) -> {@link UnavailableException} (retryable); authentication and
 * privilege errors (28xxx, 42501) -> {@link PermissionDeniedException}; a statement cancelled by
 * the timeout (57014) and everything else -> {@link ConsistencyException}. The password never
 * appears in a message or a cause.
 */
public final class PgErrors {
  /** query_canceled: what statement_timeout raises. */
  public static final String QUERY_CANCELED = "57014";

  private PgErrors() {}

  public static SnapshotException translate(String what, SQLException e, Secret password) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String msg = what + ": " + mask(e.getMessage(), password) + (state.isEmpty() ? "" : " [SQLState " + state + "]");
    SQLException cause = sanitized(e, password);
    if (state.startsWith("28") || state.equals("42501")) {
      return new PermissionDeniedException(msg + " (the hook's user needs the pg_checkpoint role or superuser for CHECKPOINT,"
          + " and EXECUTE on pg_backup_start/pg_backup_stop for backup mode)", cause);
    }
    if (isConnectionLoss(e)) {
      return new UnavailableException(msg, cause);
    }
    return new ConsistencyException(msg, cause);
  }

  /** Whether the session is gone (server unreachable, shut down, or the backend terminated). */
  public static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  public static String mask(String text, Secret password) {
    if (text == null) {
      return "(no message)";
    }
    if (password == null || password.reveal().isEmpty()) {
      return text;
    }
    return text.replace(password.reveal(), "****");
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

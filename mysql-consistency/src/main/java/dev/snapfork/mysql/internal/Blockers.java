package dev.snapfork.mysql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the statements that kept a lock from being granted: the longest-running statements of
 * other sessions that are not themselves waiting for a lock, from
 * {@code information_schema.PROCESSLIST}.
 */
final class Blockers {
  private static final int TEXT_CHARS = 100;
  private static final String QUERY = "SELECT ID, USER, TIME, LEFT(INFO, " + TEXT_CHARS + ") FROM information_schema.PROCESSLIST"
      + " WHERE ID <> ? AND INFO IS NOT NULL AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID')"
      + " AND (STATE IS NULL OR STATE NOT LIKE 'Waiting for%') AND INFO NOT LIKE '%information_schema.PROCESSLIST%'"
      + " ORDER BY TIME DESC LIMIT 3";

  private Blockers() {}

  /** Describes the likely blockers, e.g. {@code id=12 user=app time=5s: UPDATE t SET ...}; never throws. */
  static String describe(Connection c, long ownId) {
    List<String> found = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(QUERY)) {
      ps.setLong(1, ownId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String text = rs.getString(4).replaceAll("\\s+", " ");
          found.add("id=" + rs.getLong(1) + " user=" + rs.getString(2) + " time=" + rs.getLong(3) + "s: " + text
              + (text.length() >= TEXT_CHARS ? "..." : ""));
        }
      }
    } catch (SQLException | RuntimeException e) {
      return "the blocking statements could not be read (" + e.getMessage() + ")";
    }
    return found.isEmpty() ? "no running statement found (the blocker may have finished)" : "blocked by " + String.join("; ", found);
  }
}

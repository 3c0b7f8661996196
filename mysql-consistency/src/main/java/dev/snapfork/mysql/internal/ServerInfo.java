package dev.snapfork.mysql.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the hook needs to know about the server it locks: MariaDB or MySQL, the version (which
 * decides the statement names), and the id of the locking session.
 */
public record ServerInfo(boolean mariadb, int major, int minor, int patch, String version, long connectionId) {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*");

  /** Reads the facts on {@code c}. */
  public static ServerInfo read(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT VERSION(), CONNECTION_ID()")) {
      rs.next();
      String v = rs.getString(1);
      long id = rs.getLong(2);
      Matcher m = VERSION.matcher(v);
      int major = 0;
      int minor = 0;
      int patch = 0;
      if (m.matches()) {
        major = Integer.parseInt(m.group(1));
        minor = Integer.parseInt(m.group(2));
        patch = Integer.parseInt(m.group(3));
      }
      return new ServerInfo(v.toLowerCase(java.util.Locale.ROOT).contains("mariadb"), major, minor, patch, v, id);
    }
  }

  /** Whether the version is at least {@code major.minor.patch}. */
  public boolean atLeast(int maj, int min, int pat) {
    if (major != maj) {
      return major > maj;
    }
    if (minor != min) {
      return minor > min;
    }
    return patch >= pat;
  }

  /** The statement that shows the current binary log file and position. */
  public String binlogStatusStatement() {
    if (mariadb) {
      return atLeast(10, 5, 2) ? "SHOW BINLOG STATUS" : "SHOW MASTER STATUS";
    }
    return atLeast(8, 2, 0) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
  }

  /** The query that returns the GTID position. */
  public String gtidQuery() {
    return mariadb ? "SELECT @@GLOBAL.gtid_current_pos" : "SELECT @@GLOBAL.gtid_executed";
  }

  /** Whether the server has a backup lock ({@code BACKUP STAGE} on MariaDB 10.4+, {@code LOCK INSTANCE FOR BACKUP} on MySQL 8.0+). */
  public boolean hasBackupLock() {
    return mariadb ? atLeast(10, 4, 1) : atLeast(8, 0, 0);
  }

  /** Product and version, for messages. */
  public String describe() {
    return (mariadb ? "MariaDB " : "MySQL ") + version;
  }
}

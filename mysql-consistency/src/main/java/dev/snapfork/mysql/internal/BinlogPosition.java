package dev.snapfork.mysql.internal;

import dev.snapfork.Labels;
import dev.snapfork.mysql.MysqlLabels;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the binary log file, position and GTID position as labels, on the locked session. */
final class BinlogPosition {
  private static final Logger LOG = LoggerFactory.getLogger(BinlogPosition.class);

  private BinlogPosition() {}

  /** The labels; without file and position when binary logging is off. */
  static Map<String, String> read(Connection c, ServerInfo server) throws SQLException {
    Map<String, String> labels = new LinkedHashMap<>();
    try (Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery(server.binlogStatusStatement())) {
        if (rs.next()) {
          labels.put(MysqlLabels.BINLOG_FILE, rs.getString(1));
          labels.put(MysqlLabels.BINLOG_POSITION, Long.toString(rs.getLong(2)));
        }
      }
      try (ResultSet rs = st.executeQuery(server.gtidQuery())) {
        if (rs.next() && rs.getString(1) != null) {
          String gtid = rs.getString(1).replaceAll("\\s+", "");
          if (gtid.isEmpty()) {
            // no transaction with a GTID yet: nothing to record
          } else if (gtid.length() <= Labels.MAX_VALUE_LENGTH) {
            labels.put(MysqlLabels.GTID, gtid);
          } else {
            LOG.warn("mysql: GTID position is {} characters, longer than a label value may be; not recorded", gtid.length());
          }
        }
      }
    }
    return labels;
  }
}

package dev.snapfork.mysql;

import dev.snapfork.testkit.sql.DatabaseFacts;

import dev.snapfork.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test-side access to the real MariaDB server started by {@code ci/databases.sh}. */
final class MariaDb {
  final DatabaseFacts facts;
  final String url;
  final String user;
  final Secret password;

  MariaDb(DatabaseFacts facts) {
    this.facts = facts;
    this.url = facts.get("MARIADB_URL");
    this.user = facts.get("MARIADB_USER");
    this.password = Secret.of(facts.get("MARIADB_PASSWORD"));
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password.reveal());
  }

  Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(url.replace(":" + facts.get("MARIADB_PORT") + "/", ":" + port + "/"), user, password.reveal());
  }

  MysqlHook.Builder hook() {
    return MysqlHook.builder(url).user(user).password(password);
  }

  void exec(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  long count(String table) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Whether some session's statement matching {@code infoLike} is in a state matching {@code stateLike}. */
  static boolean sessionInState(Connection c, String infoLike, String stateLike) throws SQLException {
    try (var ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND STATE LIKE ?")) {
      ps.setString(1, infoLike);
      ps.setString(2, stateLike);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}

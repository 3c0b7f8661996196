package dev.snapfork.postgres;

import dev.snapfork.testkit.sql.DatabaseFacts;

import dev.snapfork.config.Secret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Test-side access to the real PostgreSQL server started by {@code ci/databases.sh}. */
final class Pg {
  final DatabaseFacts facts;
  final String url;
  final String user;
  final Secret password;

  Pg(DatabaseFacts facts) {
    this.facts = facts;
    this.url = facts.get("PG_URL");
    this.user = facts.get("PG_USER");
    this.password = Secret.of(facts.get("PG_PASSWORD"));
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password.reveal());
  }

  Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(url.replace(":" + facts.get("PG_PORT") + "/", ":" + port + "/"), user, password.reveal());
  }

  PostgresHook.Builder hook() {
    return PostgresHook.builder(url).user(user).password(password);
  }

  void exec(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  String queryString(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  long count(String table) throws SQLException {
    return Long.parseLong(queryString("SELECT COUNT(*) FROM " + table));
  }
}

package dev.snapfork.postgres;

import dev.snapfork.testkit.sql.DatabaseFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second PostgreSQL server started (as the postgres user) on a cloned data directory. */
final class PgCloneServer implements AutoCloseable {
  private final DatabaseFacts facts;
  private final Path dataDir;
  private final Path log;
  final int port;

  private PgCloneServer(DatabaseFacts facts, Path dataDir, Path log, int port) {
    this.facts = facts;
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
  }

  static PgCloneServer start(DatabaseFacts facts, Path dataDir, int port) throws Exception {
    run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()));
    run(List.of("chmod", "700", dataDir.toString()));
    Path log = facts.runDir().resolve("pg-clone-" + port + ".log");
    Files.deleteIfExists(log);
    PgCloneServer s = new PgCloneServer(facts, dataDir, log, port);
    int rc = run(List.of("runuser", "-u", "postgres", "--", facts.get("PG_BIN") + "/pg_ctl", "-D", dataDir.toString(), "-l",
        log.toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + facts.runDir() + " -c listen_addresses=127.0.0.1", "start"));
    if (rc != 0) {
      throw new AssertionError("the server on the clone did not start (pg_ctl exit " + rc + "):\n" + s.log());
    }
    return s;
  }

  Connection connect(Pg pg) throws SQLException {
    return pg.connect(port);
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Override
  public void close() throws Exception {
    run(List.of("runuser", "-u", "postgres", "--", facts.get("PG_BIN") + "/pg_ctl", "-D", dataDir.toString(), "-m", "immediate",
        "-w", "stop"));
  }
}

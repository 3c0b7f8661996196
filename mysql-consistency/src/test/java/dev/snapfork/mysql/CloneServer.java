package dev.snapfork.mysql;

import dev.snapfork.testkit.sql.DatabaseFacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A second MariaDB server started on a cloned data directory, on a port of its own. */
final class CloneServer implements AutoCloseable {
  private final Process process;
  private final Path log;
  final int port;

  private CloneServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static CloneServer start(DatabaseFacts facts, Path dataDir, int port) throws IOException {
    Path run = facts.runDir();
    String tag = "clone-" + port;
    Path log = run.resolve(tag + ".err");
    Files.deleteIfExists(log);
    Process p = new ProcessBuilder(List.of(facts.get("MARIADBD"), "--no-defaults", "--user=root", "--datadir=" + dataDir,
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + run.resolve(tag + ".sock"),
        "--pid-file=" + run.resolve(tag + ".pid"), "--log-error=" + log, "--log-bin=mariadb-bin", "--server-id=2",
        "--innodb-buffer-pool-size=64M", "--skip-name-resolve"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return new CloneServer(p, log, port);
  }

  /** Waits until the server accepts connections; fails with its error log when it does not. */
  Connection awaitConnection(MariaDb db) throws Exception {
    SQLException last = null;
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("the server on the clone exited with " + process.exitValue() + ":\n" + errorLog());
      }
      try {
        return db.connect(port);
      } catch (SQLException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the server on the clone did not accept connections:\n" + errorLog(), last);
  }

  String errorLog() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no error log)";
    } catch (IOException e) {
      return "(error log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}

package dev.snapfork.testkit.sql;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection facts {@code ci/databases.sh start} wrote ({@code SF_CI_DB_ENV}, default
 * {@code /tmp/snapfork-db/databases.env}). Without them the calling test fails under CI
 * ({@code CI=true}) and is skipped, with the reason, elsewhere. Shared by the SQL hooks' tests.
 */
public final class DatabaseFacts {
  private final Map<String, String> values;

  private DatabaseFacts(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads the facts, or ends the calling test: a failure under {@code CI=true}, an aborted
   * (skipped) test elsewhere.
   */
  public static DatabaseFacts require() {
    Path env = Path.of(System.getenv().getOrDefault("SF_CI_DB_ENV", "/tmp/snapfork-db/databases.env"));
    if (!Files.isRegularFile(env)) {
      String reason = "no real database servers: " + env + " is missing; run `ci/databases.sh start` (as root) first";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(reason + " (CI=true: the real-server tests must run in CI)");
      }
      abort(reason);
    }
    Map<String, String> v = new HashMap<>();
    try {
      for (String line : Files.readAllLines(env)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          v.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + env, e);
    }
    return new DatabaseFacts(v);
  }

  /** The value of {@code key}; {@link IllegalStateException} when the file has none. */
  public String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("databases.env has no " + key);
    }
    return value;
  }

  /** Where the servers' data directories live. */
  public Path root() {
    return Path.of(get("SF_CI_DB_ROOT"));
  }

  /** Where the servers' sockets and pid files live. */
  public Path runDir() {
    return Path.of(get("SF_CI_DB_RUN"));
  }
}

package dev.snapfork.benchmarks.sql;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.Phase;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Secret;
import dev.snapfork.local.LocalSnapshotProvider;
import dev.snapfork.mysql.MysqlHook;
import dev.snapfork.mysql.MysqlLockMode;
import dev.snapfork.postgres.PostgresHook;
import dev.snapfork.postgres.PostgresMode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * B4: freeze window and writer latency of the SQL hooks with the local provider, against the real
 * servers of {@code ci/databases.sh}: for each data directory size, server and mode, 8 writer
 * threads insert rows while one consistent snapshot of the live data directory is taken; reports
 * the freeze window, the cut (the local provider's copy) and the write latency of writes that
 * overlapped the freeze versus writes that did not, all in one run.
 *
 * <p>Usage: {@code SqlFreezeBenchmark [--sizes-mb 100,1024] [--threads 8] [--around-ms 1500]
 * [--env /tmp/snapfork-db/databases.env]}. The data directories are brought to each size with a
 * ballast file next to the database files (copied like them; the servers ignore it).
 */
public final class SqlFreezeBenchmark {
  private static final String BALLAST = "snapfork-bench-ballast.bin";

  private SqlFreezeBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    int[] sizes = Arrays.stream(opt.getOrDefault("sizes-mb", "100,1024").split(",")).mapToInt(Integer::parseInt).toArray();
    int threads = Integer.parseInt(opt.getOrDefault("threads", "8"));
    long aroundMs = Long.parseLong(opt.getOrDefault("around-ms", "1500"));
    Map<String, String> env = readEnv(Path.of(opt.getOrDefault("env", "/tmp/snapfork-db/databases.env")));
    Path root = Path.of(env.get("SF_CI_DB_ROOT"));

    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(root)) {
      System.out.printf(Locale.ROOT, "B4 SQL freeze window: local provider copy method %s, %d writer threads, %d ms of writes before and after%n",
          provider.copyMethod(), threads, aroundMs);
      System.out.println("| server | mode | data dir (actual) | freeze ms | cut (copy) ms | writes in freeze | p50 / p99 / max ms in freeze"
          + " | writes outside | p50 / p99 / max ms outside | writes/s in / out |");
      System.out.println("|---|---|---:|---:|---:|---:|---|---:|---|---|");
      prepareTables(env);
      for (int size : sizes) {
        for (Server server : servers(env)) {
          Path dir = provider.volumePath(VolumeRef.of(server.volume));
          long actual = pad(dir, size);
          for (Map.Entry<String, ConsistencyHook> mode : server.modes.entrySet()) {
            run(provider, server, mode.getKey(), mode.getValue(), size, actual, threads, aroundMs);
          }
          Files.deleteIfExists(dir.resolve(BALLAST));
        }
      }
    }
  }

  private static void run(LocalSnapshotProvider provider, Server server, String mode, ConsistencyHook hook, int sizeMb, long actualBytes, int threads,
      long aroundMs) throws Exception {
    AtomicLong freezeEnd = new AtomicLong();
    AtomicLong freezeNanos = new AtomicLong();
    SnapshotResult result;
    List<WriteLoad.Sample> samples;
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).maxFreeze(Duration.ofMinutes(5)).cutTimeout(Duration.ofMinutes(10))
        .listener(e -> {
          if (e.phase() == Phase.FREEZE) {
            freezeEnd.set(System.nanoTime());
            freezeNanos.set(e.duration().toNanos());
          }
        }).build();
         WriteLoad load = new WriteLoad(threads, server::connect, server.insert)) {
      Thread.sleep(aroundMs);
      result = s.snapshot(SnapshotRequest.builder(VolumeRef.of(server.volume)).requestId("b4-" + System.nanoTime()).build());
      Thread.sleep(aroundMs);
      samples = load.stop();
    }
    provider.delete(result.snapshot().id());
    long end = freezeEnd.get();
    long start = end - freezeNanos.get();
    List<Long> in = new ArrayList<>();
    List<Long> out = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (WriteLoad.Sample x : samples) {
      long xEnd = x.startNanos() + x.nanos();
      first = Math.min(first, x.startNanos());
      last = Math.max(last, xEnd);
      if (x.startNanos() <= end && xEnd >= start) {
        in.add(x.nanos());
      } else {
        out.add(x.nanos());
      }
    }
    double freezeS = Math.max(1e-9, (end - start) / 1e9);
    double outS = Math.max(1e-9, (last - first - (end - start)) / 1e9);
    System.out.printf(Locale.ROOT, "| %s | %s | %d MB (%d MB) | %.0f | %.0f | %d | %s | %d | %s | %.0f / %.0f |%n", server.name, mode, sizeMb, actualBytes >> 20,
        result.freezeWindow().toNanos() / 1e6, result.cutDuration().toNanos() / 1e6, in.size(), pct(in), out.size(), pct(out),
        in.size() / freezeS, out.size() / outS);
  }

  private static String pct(List<Long> nanos) {
    if (nanos.isEmpty()) {
      return "-";
    }
    long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", a[a.length / 2] / 1e6, a[(int) Math.min(a.length - 1, Math.floor(a.length * 0.99))] / 1e6,
        a[a.length - 1] / 1e6);
  }

  /**
   * Brings the directory to at least {@code sizeMb} with a ballast file of real (non-sparse)
   * bytes; returns the resulting size (larger when the database files alone exceed it).
   */
  private static long pad(Path dir, int sizeMb) throws IOException {
    Files.deleteIfExists(dir.resolve(BALLAST));
    long used;
    try (Stream<Path> files = Files.walk(dir)) {
      used = files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // a file the server removed meanwhile
        }
      }).sum();
    }
    long missing = (long) sizeMb * 1024 * 1024 - used;
    byte[] block = new byte[1 << 20];
    Arrays.fill(block, (byte) 0x5a);
    try (OutputStream o = Files.newOutputStream(dir.resolve(BALLAST))) {
      for (long w = 0; w < missing; w += block.length) {
        o.write(block, 0, (int) Math.min(block.length, missing - w));
      }
    }
    return used + Math.max(0, missing);
  }

  private static void prepareTables(Map<String, String> env) throws SQLException {
    for (Server s : servers(env)) {
      try (Connection c = s.connect(); Statement st = c.createStatement()) {
        st.execute(s.name.equals("mariadb")
            ? "CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT AUTO_INCREMENT PRIMARY KEY, pad VARCHAR(100)) ENGINE=InnoDB"
            : "CREATE TABLE IF NOT EXISTS bench_rows (id BIGSERIAL PRIMARY KEY, pad VARCHAR(100))");
      }
    }
  }

  private static List<Server> servers(Map<String, String> env) {
    Secret mpw = Secret.of(env.get("MARIADB_PASSWORD"));
    Secret ppw = Secret.of(env.get("PG_PASSWORD"));
    Map<String, ConsistencyHook> mysqlModes = new java.util.LinkedHashMap<>();
    for (MysqlLockMode m : MysqlLockMode.values()) {
      mysqlModes.put(m.configName(), MysqlHook.builder(env.get("MARIADB_URL")).user(env.get("MARIADB_USER")).password(mpw).mode(m).build());
    }
    Map<String, ConsistencyHook> pgModes = new java.util.LinkedHashMap<>();
    for (PostgresMode m : PostgresMode.values()) {
      pgModes.put(m.configName(), PostgresHook.builder(env.get("PG_URL")).user(env.get("PG_USER")).password(ppw).mode(m).build());
    }
    String pad = "'" + "x".repeat(100) + "'";
    return List.of(
        new Server("mariadb", env.get("MARIADB_VOLUME"), env.get("MARIADB_URL"), env.get("MARIADB_USER"), mpw, mysqlModes,
            "INSERT INTO bench_rows (pad) VALUES (" + pad + ")"),
        new Server("postgres", env.get("PG_VOLUME"), env.get("PG_URL"), env.get("PG_USER"), ppw, pgModes,
            "INSERT INTO bench_rows (pad) VALUES (" + pad + ")"));
  }

  private record Server(String name, String volume, String url, String user, Secret password, Map<String, ConsistencyHook> modes,
      String insert) {
    Connection connect() {
      try {
        return DriverManager.getConnection(url, user, password.reveal());
      } catch (SQLException e) {
        throw new IllegalStateException("cannot connect to " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is missing: run `ci/databases.sh start` (as root) first");
    }
    Map<String, String> v = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        v.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return v;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}

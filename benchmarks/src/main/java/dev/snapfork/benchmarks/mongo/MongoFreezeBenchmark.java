package dev.snapfork.benchmarks.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Secret;
import dev.snapfork.local.LocalSnapshotProvider;
import dev.snapfork.mongo.MongoConsistencyHook;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.mongo.MongoLockEvent;
import dev.snapfork.mongo.server.TestServer;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bson.Document;

/**
 * B-mongo: the write-freeze window with the MongoDB hook, side by side in one run, against
 * mongo-java-server with the fsync-aware backend on loopback.
 *
 * <ul>
 *   <li><b>fixed cut</b>: the in-memory provider with a fixed cut latency ({@code --cut-ms}), so
 *       the window shows only what the hook adds;
 *   <li><b>local</b>: the built-in local provider on a temp dir with a 1 MiB and a 1 GiB volume
 *       (on file systems without reflink its cut is a full copy, so the cut grows with the data;
 *       what the hook adds, window minus cut, must not).
 * </ul>
 * Reported per row: lock latency ({@code fsync lock} round trip), unlock latency
 * ({@code fsyncUnlock}), cut, window, window minus cut, the hook's part of it (its
 * {@code freezeLost()} check plus {@code release()}), and the excess in loopback round trips
 * ({@code ping} median measured right after the row).
 *
 * <p>Arguments: {@code --rounds N} (15), {@code --large-rounds N} (5, for the 1 GiB volume),
 * {@code --cut-ms N} (50), {@code --sizes-mb a,b} (1,1024), {@code --dir PATH} (a new temp dir).
 */
public final class MongoFreezeBenchmark {
  private static int warmup = 3;
  private static final int IDLE_MS = 50;

  private MongoFreezeBenchmark() {}

  /** One line of the report. */
  public record Row(String provider, String volume, double lockMs, double unlockMs, double cutMs, double windowMs, double windowP90Ms,
      double excessMs, double hookInWindowMs, double rttMs, double idleRttMs, long commandsMedian, long commandsMax) {}


  public static void main(String[] args) throws IOException {
    int rounds = 15;
    int largeRounds = 5;
    int cutMs = 50;
    List<Integer> sizes = List.of(1, 1024);
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--large-rounds" -> largeRounds = Integer.parseInt(args[++i]);
        case "--cut-ms" -> cutMs = Integer.parseInt(args[++i]);
        case "--sizes-mb" -> sizes = java.util.Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt).toList();
        case "--dir" -> dir = Path.of(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    run(System.out, dir == null ? Files.createTempDirectory("snapfork-mongo-bench") : dir, sizes, rounds, largeRounds, Duration.ofMillis(cutMs));
  }

  /** Runs every row; returns them for tests. */
  public static List<Row> run(PrintStream out, Path dir, List<Integer> sizesMb, int rounds, int largeRounds, Duration fixedCut) {
    List<Row> rows = new ArrayList<>();
    try (TestServer server = new TestServer(); MongoClient probe = MongoClients.create(server.uri())) {
      double rtt = rtt(probe);
      out.printf("B-mongo freeze window: mongo-java-server on loopback (idle ping median %.3f ms), %d rounds (%d for volumes >= 1 GiB),"
          + " %d warm-up rounds per row; RT = back-to-back ping median, idle RT = median of a ping sent after %d ms idle (as the hook's"
          + " first command after the cut is), both measured right after each row; cmds = commands the hook's client sent in the window"
          + " (median/max, counted at the server)%n", rtt, rounds, largeRounds, warmup, IDLE_MS);
      out.printf("%-22s | %-9s | %-10s | %-10s | %-10s | %-20s | %-12s | %-10s | %-18s | %-22s | %s%n", "provider", "volume", "lock", "unlock", "cut",
          "window median (p90)", "window - cut", "hook part", "excess in RTs (RT)", "in idle RTs (idle RT)", "cmds");
      InMemorySnapshotProvider memory = InMemorySnapshotProvider.builder().cutLatency(fixedCut).build();
      VolumeRef fixed = memory.createSourceVolume("fixed", new byte[1024 * 1024]);
      rows.add(print(out, measure("in-memory, fixed cut", "1 MiB", memory, fixed, server, dir, rounds)));
      memory.close();
      for (int mb : sizesMb) {
        Path root = dir.resolve("local-" + mb);
        try (LocalSnapshotProvider local = LocalSnapshotProvider.open(root)) {
          VolumeRef v = local.createEmptyVolume("vol" + mb);
          fill(local.volumePath(v).resolve("data.bin"), (long) mb * 1024 * 1024);
          rows.add(print(out, measure("local", mb >= 1024 ? mb / 1024 + " GiB" : mb + " MiB", local, v, server, dir,
              mb >= 1024 ? largeRounds : rounds)));
        }
      }
    }
    return rows;
  }

  private static Row measure(String provider, String volume, SnapshotProvider p, VolumeRef v, TestServer server, Path dir, int rounds) {
    double rtt;
    List<Long> lock = Collections.synchronizedList(new ArrayList<>());
    List<Long> unlock = Collections.synchronizedList(new ArrayList<>());
    MongoHookSettings settings = MongoHookSettings.builder(Secret.of(server.uri())).ledgerDir(dir.resolve("ledger")).build();
    MongoConsistencyHook hook = MongoConsistencyHook.create(settings, e -> {
      if (e.type() == MongoLockEvent.Type.ACQUIRED) {
        lock.add(e.duration().toNanos());
      } else if (e.type() == MongoLockEvent.Type.UNLOCKED) {
        unlock.add(e.duration().toNanos());
      }
    });
    List<Long> hookInWindow = Collections.synchronizedList(new ArrayList<>());
    List<Long> commands = Collections.synchronizedList(new ArrayList<>());
    List<Long> window = new ArrayList<>();
    List<Long> cut = new ArrayList<>();
    List<Long> excess = new ArrayList<>();
    String method = null;
    try (Snapshotter s = Snapshotter.builder(p).hook(new TimedHook(hook, hookInWindow,
        () -> server.backend().commandsByApp().stream().filter(c -> c.startsWith("snapfork-mongo-hook:")).count(), commands)).maxFreeze(Duration.ofMinutes(5)).cutTimeout(Duration.ofMinutes(5)).build()) {
      for (int i = 0; i < rounds + warmup; i++) {
        SnapshotResult r = s.snapshot(SnapshotRequest.of(v));
        p.delete(r.snapshot().id());
        method = r.snapshot().attributes().get(LocalSnapshotProvider.COPY_METHOD_ATTRIBUTE);
        if (i < warmup) {
          lock.clear();
          unlock.clear();
          hookInWindow.clear();
          commands.clear();
          continue;
        }
        window.add(r.freezeWindow().toNanos());
        cut.add(r.cutDuration().toNanos());
        excess.add(r.freezeWindow().toNanos() - r.cutDuration().toNanos());
      }
    }
    if (((Object) hook) instanceof AutoCloseable c) { // the hook keeps an idle client between quiesces
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    double ex = pct(excess, 50);
    double idleRtt;
    try (MongoClient probe = MongoClients.create(server.uri())) {
      rtt = rtt(probe); // right after the row, on the machine as loaded as during it
      idleRtt = idleRtt(probe);
    }
    List<Long> sortedCommands = new ArrayList<>(commands);
    Collections.sort(sortedCommands);
    return new Row(method == null ? provider : provider + " (" + method + ")", volume, pct(lock, 50), pct(unlock, 50), pct(cut, 50), pct(window, 50),
        pct(window, 90), ex, pct(hookInWindow, 50), rtt, idleRtt, sortedCommands.get(sortedCommands.size() / 2), sortedCommands.get(sortedCommands.size() - 1));
  }

  private static Row print(PrintStream out, Row r) {
    out.printf("%-22s | %-9s | %7.2f ms | %7.2f ms | %7.1f ms | %8.1f ms (%7.1f) | %8.2f ms  | %7.2f ms | %5.1f (%.2f ms)     | %5.1f (%.2f ms)          | %d/%d%n",
        r.provider(), r.volume(), r.lockMs(), r.unlockMs(), r.cutMs(), r.windowMs(), r.windowP90Ms(), r.excessMs(), r.hookInWindowMs(),
        r.excessMs() / r.rttMs(), r.rttMs(), r.excessMs() / r.idleRttMs(), r.idleRttMs(), r.commandsMedian(), r.commandsMax());
    return r;
  }

  private static double rtt(MongoClient client) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long t0 = System.nanoTime();
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      if (i >= 10) {
        samples.add(System.nanoTime() - t0);
      }
    }
    return pct(samples, 50);
  }

  /** A ping sent after the client and the server sat idle for as long as the fixed cut: what the hook's first command meets. */
  private static double idleRtt(MongoClient client) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      try {
        Thread.sleep(IDLE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      long t0 = System.nanoTime();
      client.getDatabase("admin").runCommand(new Document("ping", 1));
      samples.add(System.nanoTime() - t0);
    }
    return pct(samples, 50);
  }

  private static void fill(Path file, long bytes) {
    byte[] buf = new byte[1 << 20];
    new Random(42).nextBytes(buf);
    try (OutputStream o = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += buf.length) {
        o.write(buf, 0, (int) Math.min(buf.length, bytes - written));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double pct(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000.0;
  }
}

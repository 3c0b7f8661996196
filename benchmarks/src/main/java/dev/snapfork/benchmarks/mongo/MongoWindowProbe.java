package dev.snapfork.benchmarks.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Secret;
import dev.snapfork.mongo.MongoConsistencyHook;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Where the hook's share of the freeze window goes: times each step the hook takes inside the
 * window (its {@code freezeLost()} check and {@code release()}) next to the same commands sent
 * with the raw driver on a fresh and on a reused client, and a plain {@code ping}, all after an
 * idle pause standing in for the cut ({@code --pause-ms}, 50). Medians over {@code --rounds}
 * (40) after 10 warm-up rounds.
 */
public final class MongoWindowProbe {
  private MongoWindowProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = 40;
    int pauseMs = 50;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--pause-ms" -> pauseMs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Map<String, List<Long>> t = new LinkedHashMap<>();
    Path ledger = Files.createTempDirectory("snapfork-mongo-probe");
    try (TestServer server = new TestServer()) {
      MongoConsistencyHook hook = MongoConsistencyHook.create(MongoHookSettings.builder(Secret.of(server.uri())).ledgerDir(ledger).build());
      VolumeRef vol = VolumeRef.of("v");
      try (MongoClient warm = MongoClients.create(server.uri())) {
        MongoDatabase admin = warm.getDatabase("admin");
        for (int i = 0; i < rounds + 10; i++) {
          boolean keep = i >= 10;
          // 1. the hook as the orchestrator drives it
          QuiesceHandle h = hook.quiesce(new QuiesceContext("probe-" + i, List.of(vol), Duration.ofSeconds(30)));
          pause(pauseMs);
          long t0 = System.nanoTime();
          h.freezeLost();
          long t1 = System.nanoTime();
          h.release();
          long t2 = System.nanoTime();
          add(t, "hook freezeLost()", t1 - t0, keep);
          add(t, "hook release()", t2 - t1, keep);
          add(t, "hook both", t2 - t0, keep);
          // 2. raw driver, fresh client per round (what the hook does now)
          try (MongoClient fresh = MongoClients.create(direct(server.uri()))) {
            MongoDatabase a = fresh.getDatabase("admin");
            a.runCommand(new Document("hello", 1));
            a.runCommand(new Document("fsync", 1).append("lock", true));
            pause(pauseMs);
            long u0 = System.nanoTime();
            a.runCommand(new Document("currentOp", 1).append("$ownOps", true), ReadPreference.primaryPreferred());
            long u1 = System.nanoTime();
            a.runCommand(new Document("fsyncUnlock", 1), ReadPreference.primaryPreferred());
            long u2 = System.nanoTime();
            a.runCommand(new Document("ping", 1));
            long u3 = System.nanoTime();
            add(t, "fresh client: currentOp", u1 - u0, keep);
            add(t, "fresh client: fsyncUnlock", u2 - u1, keep);
            add(t, "fresh client: ping right after", u3 - u2, keep);
          }
          // 3. the warm, long-lived client
          admin.runCommand(new Document("fsync", 1).append("lock", true));
          pause(pauseMs);
          long w0 = System.nanoTime();
          admin.runCommand(new Document("currentOp", 1).append("$ownOps", true));
          long w1 = System.nanoTime();
          admin.runCommand(new Document("fsyncUnlock", 1));
          long w2 = System.nanoTime();
          admin.runCommand(new Document("ping", 1));
          long w3 = System.nanoTime();
          admin.runCommand(new Document("ping", 1));
          long w4 = System.nanoTime();
          add(t, "warm client: currentOp after pause", w1 - w0, keep);
          add(t, "warm client: fsyncUnlock", w2 - w1, keep);
          add(t, "warm client: ping", w3 - w2, keep);
          add(t, "warm client: ping again", w4 - w3, keep);
          dev.snapfork.mongo.internal.LockLedger led = new dev.snapfork.mongo.internal.LockLedger(ledger);
          String tok = led.record("127.0.0.1:1", "probe-" + i);
          pause(pauseMs);
          long l0 = System.nanoTime();
          led.clear("127.0.0.1:1", tok);
          long l1 = System.nanoTime();
          Thread th = new Thread(() -> { });
          th.setDaemon(true);
          th.start();
          long l2 = System.nanoTime();
          add(t, "ledger record removal (unlink)", l1 - l0, keep);
          add(t, "new Thread().start()", l2 - l1, keep);
          pause(pauseMs);
          long p0 = System.nanoTime();
          admin.runCommand(new Document("ping", 1));
          add(t, "warm client: ping after pause", System.nanoTime() - p0, keep);
        }
      }
    }
    System.out.printf("MongoWindowProbe: %d rounds, pause %d ms (medians, p90)%n", rounds, pauseMs);
    t.forEach((k, v) -> System.out.printf("%-36s %7.3f ms  (p90 %7.3f)%n", k, pct(v, 50), pct(v, 90)));
  }

  private static MongoClientSettings direct(String uri) {
    return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri + "?directConnection=true"))
        .applyToConnectionPoolSettings(b -> b.maxSize(1)).build();
  }

  private static void add(Map<String, List<Long>> t, String k, long nanos, boolean keep) {
    if (keep) {
      t.computeIfAbsent(k, x -> new ArrayList<>()).add(nanos);
    }
  }

  private static void pause(int ms) throws InterruptedException {
    if (ms > 0) {
      TimeUnit.MILLISECONDS.sleep(ms);
    }
  }

  private static double pct(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000.0;
  }
}

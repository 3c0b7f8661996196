package dev.snapfork.benchmarks;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * B1: the write freeze window. The in-memory provider cuts in 5 ms or 50 ms and turns ready 2 s
 * later. Snapfork's order (quiesce, cut, release, then wait for ready) is measured against the
 * naive order (quiesce, cut, wait for ready, release) in the same run. Reported: the freeze
 * window and its excess over the cut latency (target: at most 2 ms).
 *
 * <p>Arguments: {@code [iterations] [naive-iterations]} (defaults 40 and 3).
 */
public final class FreezeWindowBenchmark {
  private FreezeWindowBenchmark() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int naiveIterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    run(System.out, List.of(Duration.ofMillis(5), Duration.ofMillis(50)), Duration.ofSeconds(2), iterations, naiveIterations);
  }

  /** One row per cut latency; returns the rows for tests. */
  static List<Row> run(PrintStream out, List<Duration> cutLatencies, Duration readyLatency, int iterations, int naiveIterations) {
    out.printf("B1 freeze window: in-memory provider, ready latency %d ms, %d iterations (naive order: %d)%n",
        readyLatency.toMillis(), iterations, naiveIterations);
    out.printf("%-8s | %-28s | %-28s | %s%n", "cut", "snapfork freeze median (p90)", "naive freeze median", "snapfork excess over cut (median, p90)");
    List<Row> rows = new java.util.ArrayList<>();
    for (Duration cut : cutLatencies) {
      InMemorySnapshotProvider provider = InMemorySnapshotProvider.builder().cutLatency(cut).readyLatency(readyLatency).build();
      VolumeRef volume = provider.createSourceVolume("b1-" + cut.toMillis());
      Samples snapfork = new Samples();
      Samples naive = new Samples();
      NoopHook hook = new NoopHook();
      try (Snapshotter snapshotter = Snapshotter.builder(provider).hook(hook).maxFreeze(Duration.ofSeconds(30)).build()) {
        for (int i = 0; i < 5; i++) { // warm-up
          snapshotter.snapshot(SnapshotRequest.of(volume));
        }
        for (int i = 0; i < iterations; i++) {
          SnapshotResult r = snapshotter.snapshot(SnapshotRequest.of(volume));
          snapfork.add(r.freezeWindow());
        }
      }
      for (int i = 0; i < naiveIterations; i++) {
        naive.addNanos(naiveFreeze(provider, hook, volume, readyLatency.multipliedBy(3)));
      }
      provider.close();
      double cutMs = cut.toNanos() / 1_000_000.0;
      Row row = new Row(cutMs, snapfork.medianMillis(), snapfork.percentileMillis(90), naive.medianMillis());
      rows.add(row);
      out.printf("%5.0f ms | %10.2f ms (%8.2f ms) | %10.1f ms (%5.1fx cut) | +%.2f ms, +%.2f ms%n", cutMs, row.snapforkMedianMs(),
          row.snapforkP90Ms(), row.naiveMedianMs(), row.naiveMedianMs() / cutMs, row.snapforkMedianMs() - cutMs,
          row.snapforkP90Ms() - cutMs);
    }
    return rows;
  }

  /** The naive order: the freeze lasts until the snapshot is ready. */
  private static long naiveFreeze(InMemorySnapshotProvider provider, ConsistencyHook hook, VolumeRef volume, Duration readyTimeout) {
    QuiesceHandle handle = hook.quiesce(new QuiesceContext("naive", List.of(volume), Duration.ofSeconds(10)));
    long frozen = System.nanoTime();
    try {
      Snapshot s = provider.create(SnapshotRequest.of(volume));
      provider.awaitReady(s.id(), readyTimeout);
    } finally {
      handle.release();
    }
    return System.nanoTime() - frozen;
  }

  /** Measured figures of one cut latency. */
  record Row(double cutMs, double snapforkMedianMs, double snapforkP90Ms, double naiveMedianMs) {}

  /** A hook that quiesces nothing: the freeze is then the orchestrator's own cost plus the cut. */
  static final class NoopHook implements ConsistencyHook {
    @Override
    public String name() {
      return "noop";
    }

    @Override
    public QuiesceHandle quiesce(QuiesceContext context) {
      return () -> {};
    }
  }
}

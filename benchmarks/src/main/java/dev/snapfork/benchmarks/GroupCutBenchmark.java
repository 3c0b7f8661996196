package dev.snapfork.benchmarks;

import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * B2: group snapshots. 1, 8, 64 and 256 volumes, 20 ms per cut, quiesced once and cut
 * concurrently. Reported: the freeze window and the whole call, as a ratio to one volume
 * (target: 256 volumes within 1.5x of one), beside the platform's floor measured in the same run:
 * N plain tasks that each sleep the cut latency on a warm cached thread pool (what any
 * blocking-call fan-out costs on this machine, before Snapfork does anything).
 *
 * <p>Arguments: {@code [iterations]} (default 15).
 */
public final class GroupCutBenchmark {
  private GroupCutBenchmark() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    run(System.out, List.of(1, 8, 64, 256), Duration.ofMillis(20), iterations);
  }

  /** One row per group size; returns the rows for tests. */
  static List<Row> run(PrintStream out, List<Integer> sizes, Duration cutLatency, int iterations) {
    out.printf("B2 group cut: in-memory provider, %d ms per cut, %d iterations%n", cutLatency.toMillis(), iterations);
    out.printf("%-7s | %-16s | %-16s | %-15s | %-16s | %s%n", "volumes", "call median", "freeze median", "call / 1 volume",
        "raw pool median", "call / raw pool");
    List<Row> rows = new ArrayList<>();
    double base = 0;
    for (int size : sizes) {
      InMemorySnapshotProvider provider = InMemorySnapshotProvider.builder().cutLatency(cutLatency).build();
      List<VolumeRef> volumes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        volumes.add(provider.createSourceVolume("b2-" + size + "-" + i));
      }
      Samples call = new Samples();
      Samples freeze = new Samples();
      try (Snapshotter snapshotter = Snapshotter.builder(provider).hook(new FreezeWindowBenchmark.NoopHook())
          .maxFreeze(Duration.ofSeconds(30)).build()) {
        for (int i = 0; i < iterations + 3; i++) {
          List<SnapshotRequest> requests = volumes.stream().map(SnapshotRequest::of).toList();
          long t0 = System.nanoTime();
          SnapshotResult r = snapshotter.snapshotGroup(requests);
          long t1 = System.nanoTime();
          if (i >= 3) { // the first rounds warm up the thread pool and the JIT
            call.addNanos(t1 - t0);
            freeze.add(r.freezeWindow());
          }
          r.snapshots().forEach(s -> provider.delete(s.id()));
        }
      }
      provider.close();
      Samples raw = rawPool(size, cutLatency, iterations);
      if (base == 0) {
        base = call.medianMillis();
      }
      Row row = new Row(size, call.medianMillis(), freeze.medianMillis(), call.medianMillis() / base, raw.medianMillis());
      rows.add(row);
      out.printf("%7d | %13.1f ms | %13.1f ms | %14.2fx | %13.1f ms | %.2fx%n", size, row.callMedianMs(), row.freezeMedianMs(),
          row.ratioToOne(), row.rawPoolMedianMs(), row.callMedianMs() / row.rawPoolMedianMs());
    }
    return rows;
  }

  /** The floor: {@code size} tasks sleeping {@code latency} each on a warm cached pool. */
  private static Samples rawPool(int size, Duration latency, int iterations) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    Samples samples = new Samples();
    try {
      for (int i = 0; i < iterations + 3; i++) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(size);
        long t0 = System.nanoTime();
        for (int k = 0; k < size; k++) {
          pool.execute(() -> {
            try {
              Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.countDown();
          });
        }
        done.await();
        if (i >= 3) {
          samples.addNanos(System.nanoTime() - t0);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    return samples;
  }

  /** Measured figures of one group size. */
  record Row(int volumes, double callMedianMs, double freezeMedianMs, double ratioToOne, double rawPoolMedianMs) {}
}

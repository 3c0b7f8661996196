package dev.snapfork.benchmarks;

import dev.snapfork.SnapshotProvider;
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
 * concurrently, through the in-memory provider and through a lock-free fixed-latency provider (the
 * orchestrator's own cost). Reported: the freeze window and the whole call, as a ratio to one volume
 * (target: 256 volumes within 1.5x of one), beside the platform's floor measured in the same run:
 * N plain tasks that each sleep the cut latency on a warm cached thread pool (what any
 * blocking-call fan-out costs on this machine, before Snapfork does anything).
 *
 * <p>Arguments: {@code [iterations]} (default 15).
 */
public final class GroupCutBenchmark {
  /** Unmeasured rounds first: they start the pool's threads and let the JIT compile the path. */
  private static final int WARMUP = 20;

  private GroupCutBenchmark() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    run(System.out, List.of(1, 8, 64, 256), Duration.ofMillis(20), iterations);
  }

  /** One row per group size; returns the rows for tests. */
  static List<Row> run(PrintStream out, List<Integer> sizes, Duration cutLatency, int iterations) {
    out.printf("B2 group cut: %d ms per cut, %d measured rounds after %d warm-up rounds, one no-op hook%n",
        cutLatency.toMillis(), iterations, WARMUP);
    out.printf("%-7s | %-22s | %-22s | %-16s | %s%n", "volumes", "in-memory call (x 1)", "fixed-latency call (x 1)",
        "raw pool (x 1)", "freeze (in-memory)");
    List<Row> rows = new ArrayList<>();
    Row base = null;
    for (int size : sizes) {
      InMemorySnapshotProvider memory = InMemorySnapshotProvider.builder().cutLatency(cutLatency).build();
      List<VolumeRef> volumes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        volumes.add(memory.createSourceVolume("b2-" + size + "-" + i));
      }
      Samples freeze = new Samples();
      Samples memoryCall = measure(memory, volumes, iterations, freeze);
      memory.close();
      Samples fixedCall = measure(new FixedLatencyProvider(cutLatency), volumes, iterations, new Samples());
      Samples raw = rawPool(size, cutLatency, iterations);
      Row row = new Row(size, memoryCall.medianMillis(), fixedCall.medianMillis(), raw.medianMillis(), freeze.medianMillis());
      if (base == null) {
        base = row;
      }
      rows.add(row);
      out.printf("%7d | %8.1f ms (%5.2fx)    | %8.1f ms (%5.2fx)      | %6.1f ms (%4.2fx) | %8.1f ms%n", size,
          row.memoryCallMs(), row.memoryCallMs() / base.memoryCallMs(), row.fixedCallMs(), row.fixedCallMs() / base.fixedCallMs(),
          row.rawPoolMs(), row.rawPoolMs() / base.rawPoolMs(), row.freezeMs());
    }
    return rows;
  }

  /** Median call time of a group snapshot of {@code volumes} through the Snapshotter. */
  private static Samples measure(SnapshotProvider provider, List<VolumeRef> volumes, int iterations, Samples freeze) {
    Samples call = new Samples();
    try (Snapshotter snapshotter = Snapshotter.builder(provider).hook(new FreezeWindowBenchmark.NoopHook())
        .maxFreeze(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < iterations + WARMUP; i++) {
        List<SnapshotRequest> requests = volumes.stream().map(SnapshotRequest::of).toList();
        long t0 = System.nanoTime();
        SnapshotResult r = snapshotter.snapshotGroup(requests);
        long t1 = System.nanoTime();
        if (i >= WARMUP) {
          call.addNanos(t1 - t0);
          freeze.add(r.freezeWindow());
        }
        r.snapshots().forEach(s -> provider.delete(s.id()));
      }
    }
    return call;
  }

  /** The floor: {@code size} tasks sleeping {@code latency} each on a warm cached pool. */
  private static Samples rawPool(int size, Duration latency, int iterations) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    Samples samples = new Samples();
    try {
      for (int i = 0; i < iterations + WARMUP; i++) {
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
        if (i >= WARMUP) {
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

  /** Medians of one group size: calls through the in-memory and fixed-latency providers, the raw pool floor, the freeze. */
  record Row(int volumes, double memoryCallMs, double fixedCallMs, double rawPoolMs, double freezeMs) {}
}

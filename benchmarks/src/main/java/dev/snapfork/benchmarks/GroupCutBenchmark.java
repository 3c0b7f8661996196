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
 * (target: 256 volumes within 1.5x of one).
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
    out.printf("%-7s | %-16s | %-16s | %s%n", "volumes", "call median", "freeze median", "call / 1 volume");
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
      if (base == 0) {
        base = call.medianMillis();
      }
      Row row = new Row(size, call.medianMillis(), freeze.medianMillis(), call.medianMillis() / base);
      rows.add(row);
      out.printf("%7d | %13.1f ms | %13.1f ms | %.2fx%n", size, row.callMedianMs(), row.freezeMedianMs(), row.ratioToOne());
    }
    return rows;
  }

  /** Measured figures of one group size. */
  record Row(int volumes, double callMedianMs, double freezeMedianMs, double ratioToOne) {}
}

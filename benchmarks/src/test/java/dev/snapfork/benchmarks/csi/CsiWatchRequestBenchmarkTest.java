package dev.snapfork.benchmarks.csi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the CSI request-count harness at a tiny size so it cannot rot; checks counts, never time. */
class CsiWatchRequestBenchmarkTest {
  @Test
  void requestCountsDoNotGrowWithTimeAndWaitsShareOneWatch() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<Object> results = CsiWatchRequestBenchmark.run(new PrintStream(buf, true, StandardCharsets.UTF_8), 10, List.of(1, 8), 5);
    CsiWatchRequestBenchmark.Row short_ = (CsiWatchRequestBenchmark.Row) results.get(0);
    CsiWatchRequestBenchmark.Row long_ = (CsiWatchRequestBenchmark.Row) results.get(1);
    assertThat(long_.watchRequests()).as("watch-based requests at 8 s vs 1 s").isEqualTo(short_.watchRequests());
    assertThat(short_.watchOpens()).isEqualTo(1);
    CsiWatchRequestBenchmark.Concurrent c = (CsiWatchRequestBenchmark.Concurrent) results.get(2);
    assertThat(c.watchOpens()).as("watches opened for 5 concurrent waits").isEqualTo(1);
    assertThat(c.requests()).as("one GET per wait, no new watch").isEqualTo(5);
  }
}

package dev.snapfork.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs B1 and B2 at a tiny size so the harnesses cannot rot; no assertion on time. */
class OrchestratorBenchmarksTest {
  @Test
  void freezeWindowHarnessReportsOneRowPerCutLatency() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<FreezeWindowBenchmark.Row> rows = FreezeWindowBenchmark.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        List.of(Duration.ofMillis(1), Duration.ofMillis(2)), Duration.ofMillis(5), 2, 1);
    assertThat(rows).extracting(FreezeWindowBenchmark.Row::cutMs).containsExactly(1.0, 2.0);
    assertThat(rows).allSatisfy(r -> assertThat(r.snapforkMedianMs()).isPositive());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("B1 freeze window", "naive");
  }

  @Test
  void groupHarnessReportsEverySizeBesideTheRawPool() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<GroupCutBenchmark.Row> rows = GroupCutBenchmark.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        List.of(1, 4), Duration.ofMillis(1), 2);
    assertThat(rows).extracting(GroupCutBenchmark.Row::volumes).containsExactly(1, 4);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.memoryCallMs()).isPositive();
      assertThat(r.fixedCallMs()).isPositive();
      assertThat(r.rawPoolMs()).isPositive();
    });
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("B2 group cut", "raw pool", "fixed-latency");
  }
}

package dev.snapfork.benchmarks.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness at a tiny size so it cannot rot; asserts on shape, never on time. */
class MongoFreezeBenchmarkTest {
  @TempDir Path dir;

  @Test
  void reportsEveryRowWithLockAndUnlockLatencies() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<MongoFreezeBenchmark.Row> rows = MongoFreezeBenchmark.run(new PrintStream(buf, true, StandardCharsets.UTF_8), dir, List.of(1, 2), 2, 1,
        Duration.ofMillis(5));
    assertThat(rows).extracting(MongoFreezeBenchmark.Row::volume).containsExactly("1 MiB", "1 MiB", "2 MiB");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.lockMs()).isPositive();
      assertThat(r.unlockMs()).isPositive();
      assertThat(r.windowMs()).isGreaterThanOrEqualTo(r.cutMs());
    });
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("fixed cut").contains("local");
  }
}

package dev.snapfork.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.local.CopyMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the B3 harness at a tiny size so it cannot rot; asserts on what it did, never on timings. */
class LocalCopyBenchmarkTest {
  @TempDir Path dir;

  @Test
  void tinyRunMeasuresEveryContenderVerifiesTheCopiesAndCleansUp() throws Exception {
    LocalCopyBenchmark.Options o = new LocalCopyBenchmark.Options(2, 40, 2, dir, CopyMode.AUTO);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    LocalCopyBenchmark.Result r = LocalCopyBenchmark.run(o, out);
    LocalCopyBenchmark.print(o, r, out);

    assertThat(r.bytes()).isEqualTo(2L << 20);
    assertThat(r.smallFiles()).isEqualTo(40);
    assertThat(r.verified()).isTrue();
    assertThat(r.seconds()).containsOnlyKeys(LocalCopyBenchmark.contenders());
    assertThat(r.seconds().values()).allSatisfy(s -> assertThat(s).hasSize(2));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("| snapshot", "| cp -a ", "| clone", "vs cp -a", "copies verified (byte totals equal): true");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void treeBuilderWritesTheRequestedSize(@TempDir Path tree) throws Exception {
    int files = LocalCopyBenchmark.TreeBuilder.build(tree, 3L << 20, 1000, 7);
    assertThat(files).isBetween(1, 1000);
    assertThat(LocalCopyBenchmark.treeBytes(tree)).isEqualTo(3L << 20);
    assertThat(tree.resolve("big.dat")).exists();
  }

  @Test
  void medianOfAnEvenAndOddRound() {
    var r = new LocalCopyBenchmark.Result(
        java.util.Map.of("a", new double[] {3, 1, 2}, "b", new double[] {4, 1, 2, 3}), 0, 0, "copy", true);
    assertThat(r.median("a")).isEqualTo(2.0);
    assertThat(r.median("b")).isEqualTo(2.5);
    assertThat(r.ratio("b", "a")).isEqualTo(1.25);
  }
}

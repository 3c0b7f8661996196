package dev.snapfork.benchmarks.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the EBS harness at a tiny size so it cannot rot; asserts on what it reports, not on speed. */
class EbsTransferBenchmarkTest {
  @TempDir Path dir;

  @Test
  void harnessRunsAndBatchesReadinessPolls() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      EbsTransferBenchmark.main(new String[] {"--sizes-mb", "2", "--concurrency", "4", "--rounds", "1", "--dir", dir.toString()});
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    for (String phase : new String[] {"raw GET", "raw GET+SHA+write", "download, direct", "download, sdk", "raw PUT", "raw read+SHA+PUT",
        "upload, direct", "upload, sdk"}) {
      assertThat(out).as("a row for " + phase).containsPattern("(?m)^ +2 MiB " + java.util.regex.Pattern.quote(phase) + " +\\d+ +\\d+%");
    }
    assertThat(out).contains("1.00 calls per poll round");
  }
}

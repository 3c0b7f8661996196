package dev.snapfork.examples.demo;

import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.Consistency;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Labels;
import dev.snapfork.SnapshotEvent;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The core workflow end to end on the embedded local provider: make a "production" volume with
 * generated data and a live writer, fork it to staging under a consistency hook, verify the
 * staging copy against the snapshot (SHA-256 of every file) and that the journal was cut on a
 * record boundary, tear everything down, and print each phase with its timing.
 */
public final class Demo {
  private final PrintStream out;
  private final Path root;
  private final int files;
  private final int maxFileKib;

  /**
   * @param out where the report goes
   * @param root the local provider's root (a fresh directory)
   * @param files how many data files the production volume gets
   * @param maxFileKib the largest data file, in KiB
   */
  public Demo(PrintStream out, Path root, int files, int maxFileKib) {
    this.out = out;
    this.root = root;
    this.files = files;
    this.maxFileKib = maxFileKib;
  }

  /**
   * Runs the demo.
   *
   * @return true when every check passed
   * @throws IOException when the sample data cannot be written or read
   */
  public boolean run() throws IOException {
    long start = System.nanoTime();
    out.printf("Snapfork demo: fork a live production volume into staging (local provider, root %s)%n%n", root);
    boolean ok = true;
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(root)) {
      long t = System.nanoTime();
      VolumeRef prod = provider.createEmptyVolume("production");
      Path prodDir = provider.volumePath(prod);
      long bytes = generate(prodDir);
      step("prepare", String.format("volume 'production': %d files, %.1f MiB generated", files, bytes / 1048576.0), t);

      Path journal = prodDir.resolve("journal.log");
      try (JournalWriter writer = new JournalWriter(journal);
          Snapshotter snapshotter = Snapshotter.builder(provider).hook(new PauseWriterHook(writer))
              .maxFreeze(Duration.ofSeconds(30)).listener(this::phase).build()) {
        writer.start();
        waitForRecords(writer, 200);
        out.printf("  %-9s %s%n", "app", "a writer appends orders to production/journal.log during the whole run ("
            + writer.recordsWritten() + " so far)");

        out.printf("  %-9s %s%n", "fork", "production -> staging, hook pause-writer, expires in 1h");
        ForkResult fork = snapshotter.fork(ForkRequest.builder(prod, "staging").expiresAfter(Duration.ofHours(1))
            .label("purpose", "demo").build());
        out.printf("  %-9s %-40s %10s%n", "", "write freeze window", ms(fork.snapshot().freezeWindow()));
        out.printf("  %-9s copy method: %s, consistency: %s%n", "",
            fork.snapshot().snapshot().attributes().getOrDefault(LocalSnapshotProvider.COPY_METHOD_ATTRIBUTE, "?"), fork.snapshot().consistency());
        ok &= check(fork.snapshot().consistency() == Consistency.APPLICATION, "snapshot is application-consistent");
        ok &= check(fork.volume().managed() && fork.snapshot().snapshot().managed(), "snapshot and clone carry " + Labels.MANAGED_BY);

        t = System.nanoTime();
        Path stagingDir = provider.volumePath(fork.volume().ref());
        Path snapshotDir = Path.of(fork.snapshot().snapshot().attributes().get(LocalSnapshotProvider.PATH_ATTRIBUTE));
        Map<String, String> staging = TreeDigest.of(stagingDir);
        Map<String, String> snapshot = TreeDigest.of(snapshotDir);
        ok &= check(staging.equals(snapshot), "staging matches the snapshot: " + staging.size() + " files, SHA-256 identical");
        String copied = Files.readString(stagingDir.resolve("journal.log"), StandardCharsets.US_ASCII);
        long records = copied.lines().count();
        ok &= check(copied.endsWith("\n") && copied.lines().allMatch(l -> l.matches("order-\\d{8} amount=\\d{6} status=PAID")),
            "journal in staging ends on a record boundary (" + records + " whole records)");
        step("verify", "checksums compared", t);

        Files.writeString(stagingDir.resolve("staging-only.txt"), "tests write here\n");
        ok &= check(!Files.exists(prodDir.resolve("staging-only.txt")), "writes to staging do not reach production");

        t = System.nanoTime();
        CleanupReport report = snapshotter.cleanup(CleanupRequest.EXPIRED.includingUnexpired());
        step("teardown", "deleted " + report.with(CleanupReport.Outcome.DELETED).size() + " managed objects "
            + report.items().stream().map(i -> i.kind() + " " + i.id()).toList(), t);
        ok &= check(report.succeeded() && report.with(CleanupReport.Outcome.DELETED).size() == 2, "staging volume and snapshot deleted");
        ok &= check(Files.isDirectory(prodDir) && writer.recordsWritten() > records,
            "production untouched and still writing (" + writer.recordsWritten() + " records)");
      }
    }
    out.printf("%nDemo %s in %s%n", ok ? "passed" : "FAILED", ms(Duration.ofNanos(System.nanoTime() - start)));
    return ok;
  }

  private long generate(Path dir) throws IOException {
    Random random = new Random(42);
    long total = 0;
    for (int i = 0; i < files; i++) {
      Path file = dir.resolve(String.format("collection-%02d/part-%04d.bin", i % 10, i));
      Files.createDirectories(file.getParent());
      byte[] data = new byte[1024 * (1 + random.nextInt(maxFileKib))];
      random.nextBytes(data);
      Files.write(file, data);
      total += data.length;
    }
    return total;
  }

  private static void waitForRecords(JournalWriter writer, long n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (writer.recordsWritten() < n && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private void phase(SnapshotEvent e) {
    String what = e.phase() + (e.subject().isEmpty() ? "" : " " + e.subject());
    out.printf("  %-9s %-40s %10s%s%n", "", what, ms(e.duration()), e.failure().map(f -> "  FAILED: " + f.getMessage()).orElse(""));
  }

  private void step(String name, String text, long startNanos) {
    out.printf("  %-9s %-40s %10s%n", name, text, ms(Duration.ofNanos(System.nanoTime() - startNanos)));
  }

  private boolean check(boolean passed, String what) {
    out.printf("  %-9s %s %s%n", "", passed ? "ok  " : "FAIL", what);
    return passed;
  }

  private static String ms(Duration d) {
    return String.format("%.1f ms", d.toNanos() / 1_000_000.0);
  }

  /** Deletes a demo root. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

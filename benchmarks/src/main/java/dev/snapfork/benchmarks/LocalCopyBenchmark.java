package dev.snapfork.benchmarks;

import dev.snapfork.CloneRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.CopyMode;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * B3: the {@code local} provider's snapshot and clone against {@code cp -a} of the same tree, in
 * one run, on the same disk, alternating (the order rotates every round) so that drift in the
 * machine's state hits every contender alike.
 *
 * <p>The tree: many small files (default 20 000 of 1-32 KiB in nested directories) plus one big
 * file making up the rest of {@code --size-mb} (default 1024). Page cache cannot be dropped
 * without root privileges on every box, so every figure is warm-cache: the source tree is read
 * from memory after the first round. A snapshot and a clone end with a {@code syncfs} (their
 * crash-safety guarantee), which plain {@code cp -a} does not: the table also shows
 * {@code cp -a + sync -f} as the like-for-like durable copy.
 *
 * <p>Usage: {@code LocalCopyBenchmark [--size-mb N] [--files N] [--rounds N] [--dir PATH]
 * [--copy-mode auto|reflink|copy]}.
 */
public final class LocalCopyBenchmark {
  static final String SNAPSHOT = "snapshot";
  static final String CP_A = "cp -a";
  static final String CP_A_SYNC = "cp -a + sync -f";
  static final String CLONE = "clone";

  private LocalCopyBenchmark() {}

  /** The benchmark's settings. */
  record Options(long sizeMb, int files, int rounds, Path dir, CopyMode copyMode) {
    static Options parse(String[] args) throws IOException {
      long size = 1024;
      int files = 20_000;
      int rounds = 5;
      Path dir = null;
      CopyMode mode = CopyMode.AUTO;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = i + 1 < args.length ? args[i + 1] : null;
        switch (a) {
          case "--size-mb" -> size = Long.parseLong(require(a, v));
          case "--files" -> files = Integer.parseInt(require(a, v));
          case "--rounds" -> rounds = Integer.parseInt(require(a, v));
          case "--dir" -> dir = Path.of(require(a, v));
          case "--copy-mode" -> mode = CopyMode.parse(require(a, v));
          case "-h", "--help" -> {
            System.out.println("LocalCopyBenchmark [--size-mb 1024] [--files 20000] [--rounds 5] [--dir PATH] [--copy-mode auto|reflink|copy]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
        i++;
      }
      if (size < 1 || files < 1 || rounds < 1) {
        throw new IllegalArgumentException("--size-mb, --files and --rounds must be positive");
      }
      if (dir == null) {
        dir = Files.createTempDirectory("snapfork-b3-");
      }
      return new Options(size, files, rounds, dir, mode);
    }

    private static String require(String flag, String value) {
      if (value == null) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return value;
    }
  }

  /** What a run measured: seconds per contender per round, and facts about the tree. */
  record Result(Map<String, double[]> seconds, long bytes, int smallFiles, String copyMethod, boolean verified) {
    double median(String contender) {
      double[] s = seconds.get(contender).clone();
      Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    double ratio(String a, String b) {
      return median(a) / median(b);
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Result r = run(o, System.out);
    print(o, r, System.out);
  }

  /** Builds the tree under {@code o.dir()}, measures, cleans up, and returns the figures. */
  static Result run(Options o, PrintStream log) throws IOException, InterruptedException {
    Path root = o.dir().resolve("local-root");
    Path cpTargets = o.dir().resolve("cp");
    Files.createDirectories(cpTargets);
    try (LocalSnapshotProvider provider = LocalSnapshotProvider.open(root, o.copyMode())) {
      VolumeRef source = provider.createEmptyVolume("source");
      Path src = provider.volumePath(source);
      log.printf(Locale.ROOT, "building a %d MiB tree in %s ...%n", o.sizeMb(), src);
      int smallFiles = TreeBuilder.build(src, o.sizeMb() << 20, o.files(), 42);
      long bytes = treeBytes(src);
      log.printf(Locale.ROOT, "tree: %d small files + 1 big file, %.1f MiB; copy method %s; warm cache%n",
          smallFiles, bytes / 1048576.0, provider.copyMethod().configValue());

      Map<String, double[]> seconds = new LinkedHashMap<>();
      List<String> contenders = List.of(SNAPSHOT, CP_A, CP_A_SYNC, CLONE);
      for (String c : contenders) {
        seconds.put(c, new double[o.rounds()]);
      }
      boolean verified = false;
      for (int round = -1; round < o.rounds(); round++) { // round -1 warms the cache, not counted
        String snapId = "snap" + (round + 1);
        // The clone contender clones a snapshot taken (untimed) before the round.
        Snapshot base = provider.create(SnapshotRequest.builder(source).name("base" + (round + 1)).build());
        Snapshot snap = null;
        for (int k = 0; k < contenders.size(); k++) {
          String c = contenders.get(Math.floorMod(k + round, contenders.size()));
          long t0 = System.nanoTime();
          switch (c) {
            case SNAPSHOT -> snap = provider.create(SnapshotRequest.builder(source).name(snapId).build());
            case CP_A -> cp(src, cpTargets.resolve("r" + (round + 1)), false);
            case CP_A_SYNC -> cp(src, cpTargets.resolve("s" + (round + 1)), true);
            case CLONE -> provider.createVolume(CloneRequest.builder(base.id(), "clone" + (round + 1)).build());
            default -> throw new IllegalStateException(c);
          }
          double s = (System.nanoTime() - t0) / 1e9;
          if (round >= 0) {
            seconds.get(c)[round] = s;
          }
        }
        if (!verified) {
          verified = treeBytes(provider.volumePath(VolumeRef.of("clone" + (round + 1)))) == bytes
              && treeBytes(Path.of(snap.attributes().get(LocalSnapshotProvider.PATH_ATTRIBUTE))) == bytes;
        }
        // clean up, untimed
        provider.deleteVolume(VolumeRef.of("clone" + (round + 1)), false);
        provider.delete(snapId);
        provider.delete(base.id());
        deleteTree(cpTargets.resolve("r" + (round + 1)));
        deleteTree(cpTargets.resolve("s" + (round + 1)));
        if (round >= 0) {
          log.printf(Locale.ROOT, "round %d: snapshot %.2fs, cp -a %.2fs, cp -a+sync %.2fs, clone %.2fs%n", round + 1,
              seconds.get(SNAPSHOT)[round], seconds.get(CP_A)[round], seconds.get(CP_A_SYNC)[round], seconds.get(CLONE)[round]);
        }
      }
      provider.deleteVolume(source, true);
      return new Result(seconds, bytes, smallFiles, provider.copyMethod().configValue(), verified);
    } finally {
      deleteTree(root);
      deleteTree(cpTargets);
    }
  }

  static void print(Options o, Result r, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "B3 local copy: %.1f MiB, %d small files + 1 big, %d rounds, copy method %s, warm page cache%n",
        r.bytes() / 1048576.0, r.smallFiles(), o.rounds(), r.copyMethod());
    out.println("| operation        | median s | vs cp -a | vs cp -a + sync |");
    out.println("|------------------|---------:|---------:|----------------:|");
    for (String c : r.seconds().keySet()) {
      out.printf(Locale.ROOT, "| %-16s | %8.3f | %8.2f | %15.2f |%n", c, r.median(c), r.ratio(c, CP_A), r.ratio(c, CP_A_SYNC));
    }
    out.printf(Locale.ROOT, "copies verified (byte totals equal): %s%n", r.verified());
  }

  private static void cp(Path from, Path to, boolean sync) throws IOException, InterruptedException {
    exec(List.of("cp", "-a", "--", from.toString(), to.toString()));
    if (sync) {
      exec(List.of("sync", "-f", "--", to.toString()));
    }
  }

  private static void exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + exit);
    }
  }

  static long treeBytes(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Writes the benchmark tree: small files in nested directories, then one big file. */
  static final class TreeBuilder {
    private static final int MIN_SMALL = 1024;
    private static final int MAX_SMALL = 32 * 1024;

    private TreeBuilder() {}

    /** @return the number of small files written */
    static int build(Path dir, long totalBytes, int wantedFiles, long seed) throws IOException {
      SplittableRandom random = new SplittableRandom(seed);
      // Keep small files to at most half the tree so the big file always exists.
      long averageSmall = (MIN_SMALL + MAX_SMALL) / 2;
      int files = (int) Math.max(1, Math.min(wantedFiles, totalBytes / 2 / averageSmall));
      byte[] buf = new byte[1 << 20];
      long written = 0;
      for (int i = 0; i < files; i++) {
        Path d = dir.resolve("d" + (i % 20)).resolve("e" + (i / 20 % 10)).resolve("f" + (i / 200 % 10));
        Files.createDirectories(d);
        int size = MIN_SMALL + random.nextInt(MAX_SMALL - MIN_SMALL + 1);
        fill(random, buf, size);
        try (OutputStream out = Files.newOutputStream(d.resolve("file" + i + ".dat"))) {
          out.write(buf, 0, size);
        }
        written += size;
      }
      long big = Math.max(0, totalBytes - written);
      try (OutputStream out = Files.newOutputStream(dir.resolve("big.dat"))) {
        while (big > 0) {
          int n = (int) Math.min(buf.length, big);
          fill(random, buf, n);
          out.write(buf, 0, n);
          big -= n;
        }
      }
      return files;
    }

    private static void fill(SplittableRandom random, byte[] buf, int n) {
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          buf[i + j] = (byte) (v >>> (8 * j));
        }
      }
    }
  }

  /** The contenders, in table order. */
  static List<String> contenders() {
    return new ArrayList<>(List.of(SNAPSHOT, CP_A, CP_A_SYNC, CLONE));
  }
}

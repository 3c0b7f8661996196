package dev.snapfork.benchmarks.ebs;

import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.DownloadResult;
import dev.snapfork.ebs.EbsSnapshotProvider;
import dev.snapfork.ebs.UploadRequest;
import dev.snapfork.ebs.UploadResult;
import dev.snapfork.spi.Backoff;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * B-EBS: block download and upload through the EBS direct API client against a loopback endpoint,
 * next to the raw loopback ceiling (plain HttpURLConnection GET/PUT of the same bytes from the same
 * server with the same concurrency), the peak heap during each transfer, and the DescribeSnapshots
 * calls made while awaiting 100 snapshots. Usage: {@code --sizes-mb 256,1024 --concurrency 16
 * --rounds 2 --dir /tmp}.
 */
public final class EbsTransferBenchmark {
  private EbsTransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(256, 1024);
    int concurrency = 16;
    int rounds = 2;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes-mb" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "EBS transfer benchmark: concurrency %d, rounds %d (median reported), max heap %d MiB%n",
        concurrency, rounds, Runtime.getRuntime().maxMemory() >> 20);
    try (BenchEndpoint endpoint = new BenchEndpoint(concurrency * 2 + 8);
        EbsSnapshotProvider provider = EbsSnapshotProvider.builder().region("us-east-1").ec2Endpoint(endpoint.uri())
            .ebsEndpoint(endpoint.uri()).credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
            .blockConcurrency(concurrency).pollBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 1.5, 0.5)).build()) {
      for (int mb : sizes) {
        run(endpoint, provider, mb, concurrency, rounds, dir);
      }
      awaitMany(endpoint, provider, 100);
    }
  }

  private static void run(BenchEndpoint endpoint, EbsSnapshotProvider provider, int mb, int concurrency, int rounds, Path dir) throws Exception {
    int blocks = mb * 2;
    long bytes = (long) blocks * BenchEndpoint.BLOCK;
    String snap = "snap-" + String.format("%017x", (long) mb);
    endpoint.sizes.put(snap, blocks);
    Path source = dir.resolve("snapfork-bench-src-" + mb + ".img");
    try (FileChannel ch = FileChannel.open(source, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long i = 0; i < blocks; i++) {
        ch.write(ByteBuffer.wrap(endpoint.block(i)), i * BenchEndpoint.BLOCK);
      }
    }
    Path target = dir.resolve("snapfork-bench-out-" + mb + ".img");
    List<Double> rawGet = new ArrayList<>();
    List<Double> rawGetSha = new ArrayList<>();
    List<Double> sdkGet = new ArrayList<>();
    List<Double> rawPut = new ArrayList<>();
    List<Double> sdkPut = new ArrayList<>();
    long peakGet = 0;
    long peakPut = 0;
    for (int r = 0; r <= rounds; r++) {
      boolean warm = r == 0;
      double t = raw(endpoint.uri(), blocks, concurrency, false, false, endpoint);
      if (!warm) {
        rawGet.add(t);
      }
      t = raw(endpoint.uri(), blocks, concurrency, false, true, endpoint);
      if (!warm) {
        rawGetSha.add(t);
      }
      Files.deleteIfExists(target);
      HeapSampler h = HeapSampler.start();
      long t0 = System.nanoTime();
      DownloadResult d = provider.blocks().download(snap, target, false, null);
      double s = (System.nanoTime() - t0) / 1e9;
      long peak = h.stop();
      if (d.blocksWritten() != blocks) {
        throw new IllegalStateException("downloaded " + d.blocksWritten() + " of " + blocks);
      }
      if (!warm) {
        sdkGet.add(s);
        peakGet = Math.max(peakGet, peak);
      }
      t = raw(endpoint.uri(), blocks, concurrency, true, false, endpoint);
      if (!warm) {
        rawPut.add(t);
      }
      h = HeapSampler.start();
      t0 = System.nanoTime();
      UploadResult u = provider.blocks().upload(UploadRequest.builder(source).build());
      s = (System.nanoTime() - t0) / 1e9;
      peak = h.stop();
      if (u.blocksWritten() != blocks) {
        throw new IllegalStateException("uploaded " + u.blocksWritten() + " of " + blocks);
      }
      if (!warm) {
        sdkPut.add(s);
        peakPut = Math.max(peakPut, peak);
      }
    }
    Files.deleteIfExists(target);
    Files.deleteIfExists(source);
    double mrg = median(rawGet);
    double msg = median(sdkGet);
    double mrp = median(rawPut);
    double msp = median(sdkPut);
    double mib = bytes / 1048576.0;
    double mrs = median(rawGetSha);
    System.out.printf(Locale.ROOT, "%5d MiB download: raw %.0f MiB/s, raw+SHA-256 %.0f MiB/s, snapfork %.0f MiB/s (%.0f%% of raw, %.0f%% of raw+SHA),"
        + " peak used heap %.1f MiB%n", mb, mib / mrg, mib / mrs, mib / msg, 100 * mrg / msg, 100 * mrs / msg, peakGet / 1048576.0);
    System.out.printf(Locale.ROOT, "%5d MiB upload:   raw %.0f MiB/s, snapfork %.0f MiB/s (%.0f%% of raw), peak heap %.1f MiB%n",
        mb, mib / mrp, mib / msp, 100 * mrp / msp, peakPut / 1048576.0);
  }

  /** The raw ceiling: plain GETs (or PUTs) of the same blocks, same concurrency, bytes read into a reused buffer. */
  private static double raw(URI base, int blocks, int concurrency, boolean put, boolean sha, BenchEndpoint endpoint) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        fs.add(pool.submit(() -> {
          byte[] buf = new byte[BenchEndpoint.BLOCK];
          long i;
          while ((i = next.getAndIncrement()) < blocks) {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/raw/" + i).toURL().openConnection();
            if (put) {
              c.setRequestMethod("PUT");
              c.setDoOutput(true);
              c.setFixedLengthStreamingMode(BenchEndpoint.BLOCK);
              try (OutputStream out = c.getOutputStream()) {
                out.write(endpoint.block(i));
              }
            }
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream in = c.getInputStream()) {
              int n;
              while ((n = in.read(buf)) > 0) {
                if (sha) {
                  md.update(buf, 0, n);
                }
              }
            }
            if (sha) {
              md.digest();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void awaitMany(BenchEndpoint endpoint, EbsSnapshotProvider provider, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(provider.create(SnapshotRequest.of(VolumeRef.of(String.format("vol-%017x", i + 1)))).id());
    }
    long rounds0 = provider.pollRounds();
    int calls0 = endpoint.describeCalls.get();
    long ids0 = endpoint.describedIds.get();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (String id : ids) {
        fs.add(pool.submit(() -> provider.awaitReady(id, Duration.ofMinutes(2))));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    int calls = endpoint.describeCalls.get() - calls0;
    long described = endpoint.describedIds.get() - ids0;
    int polls = endpoint.describesUntilCompleted + 1;
    long rounds = provider.pollRounds() - rounds0;
    System.out.printf(Locale.ROOT, "await %d snapshots (each ready at its %d-th describe): %d poll rounds, %d DescribeSnapshots calls, "
        + "%.2f calls per poll round (one call per snapshot per round would be %d), %.1f ids per call%n", n, polls, rounds, calls,
        (double) calls / rounds, n, (double) described / calls);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  /** Samples used heap every few milliseconds; the baseline is taken after a GC. */
  private static final class HeapSampler {
    private final MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
    private final long baseline;
    private volatile boolean running = true;
    private volatile long peak;
    private final Thread thread;

    private HeapSampler() {
      System.gc();
      baseline = mx.getHeapMemoryUsage().getUsed();
      thread = new Thread(() -> {
        while (running) {
          peak = Math.max(peak, mx.getHeapMemoryUsage().getUsed());
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    static HeapSampler start() {
      return new HeapSampler();
    }

    /** Peak used heap above the baseline. */
    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return Math.max(0, peak - baseline);
    }
  }

}

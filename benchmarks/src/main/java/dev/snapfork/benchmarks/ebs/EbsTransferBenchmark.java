package dev.snapfork.benchmarks.ebs;

import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.BlockTransport;
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
 * --rounds 2 --dir /tmp [--only upload,PUT] [--latency-ms 50]} ({@code --only}: measure only phases whose name
 * contains one of the words; {@code --latency-ms}: the server waits that long before answering
 * each block request, raw or EBS, like a remote service).
 */
public final class EbsTransferBenchmark {
  private EbsTransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(256, 1024);
    int concurrency = 16;
    int rounds = 2;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    String only = "";
    int latency = 0;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--sizes-mb" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--only" -> only = args[i + 1];
        case "--latency-ms" -> latency = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "EBS transfer benchmark: concurrency %d, rounds %d (median reported), max heap %d MiB, "
        + "simulated service time per block request %d ms%n", concurrency, rounds, Runtime.getRuntime().maxMemory() >> 20, latency);
    try (BenchEndpoint endpoint = new BenchEndpoint(concurrency * 2 + 8);
        EbsSnapshotProvider provider = provider(endpoint, concurrency, BlockTransport.DIRECT);
        EbsSnapshotProvider viaSdk = provider(endpoint, concurrency, BlockTransport.SDK)) {
      endpoint.latencyMs = latency;
      for (int mb : sizes) {
        run(endpoint, provider, viaSdk, mb, concurrency, rounds, dir, only);
      }
      awaitMany(endpoint, provider, 100);
    }
  }

  private static EbsSnapshotProvider provider(BenchEndpoint endpoint, int concurrency, BlockTransport transport) {
    return EbsSnapshotProvider.builder().region("us-east-1").ec2Endpoint(endpoint.uri())
        .ebsEndpoint(endpoint.uri()).credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "bench")))
        .blockConcurrency(concurrency).blockTransport(transport)
        .pollBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 1.5, 0.5)).build();
  }

  private static void run(BenchEndpoint endpoint, EbsSnapshotProvider provider, EbsSnapshotProvider viaSdk, int mb, int concurrency,
      int rounds, Path dir, String only) throws Exception {
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
    URI uri = endpoint.uri();
    List<Phase> phases = List.of(
        new Phase("raw GET", () -> raw(uri, blocks, concurrency, false, false, endpoint, null)),
        new Phase("raw GET+SHA", () -> raw(uri, blocks, concurrency, false, true, endpoint, null)),
        new Phase("raw GET+SHA+write", () -> raw(uri, blocks, concurrency, false, true, endpoint, target)),
        new Phase("download, direct", () -> expect(blocks, provider.blocks().download(snap, fresh(target), false, null).blocksWritten())),
        new Phase("download, sdk", () -> expect(blocks, viaSdk.blocks().download(snap, fresh(target), false, null).blocksWritten())),
        new Phase("raw PUT", () -> raw(uri, blocks, concurrency, true, false, endpoint, null)),
        new Phase("raw read+SHA+PUT", () -> raw(uri, blocks, concurrency, true, true, endpoint, source)),
        new Phase("upload, direct", () -> expect(blocks, provider.blocks().upload(UploadRequest.builder(source).build()).blocksWritten())),
        new Phase("upload, sdk", () -> expect(blocks, viaSdk.blocks().upload(UploadRequest.builder(source).build()).blocksWritten())));
    for (int r = 0; r <= rounds; r++) {
      for (Phase phase : phases) {
        if (only.isEmpty() || java.util.Arrays.stream(only.split(",")).anyMatch(phase.name::contains)) {
          phase.measure(r == 0);
        }
      }
    }
    Files.deleteIfExists(target);
    Files.deleteIfExists(source);
    Phase rawGet = phases.get(0);
    Phase rawGetWork = phases.get(2);
    Phase rawPut = phases.get(5);
    Phase rawPutWork = phases.get(6);
    System.out.printf(Locale.ROOT, "%5d MiB %-18s %8s %9s %14s %18s %10s%n", mb, "phase", "MiB/s", "% of raw", "% of raw+work",
        "CPU ms/block", "peak heap");
    for (Phase phase : phases) {
      if (phase.wall.isEmpty()) {
        continue;
      }
      boolean up = phase.name.contains("PUT") || phase.name.startsWith("upload");
      Phase raw = up ? rawPut : rawGet;
      Phase work = up ? rawPutWork : rawGetWork;
      System.out.printf(Locale.ROOT, "%5d MiB %-18s %8.0f %8.0f%% %13.0f%% %18.2f %6.1f MiB%n", mb, phase.name, mb / phase.seconds(),
          100 * raw.seconds() / phase.seconds(), 100 * work.seconds() / phase.seconds(), phase.cpuMs() / blocks, phase.peak / 1048576.0);
    }
  }

  private static Path fresh(Path target) throws java.io.IOException {
    Files.deleteIfExists(target);
    return target;
  }

  private static void expect(int blocks, long done) {
    if (done != blocks) {
      throw new IllegalStateException("transferred " + done + " of " + blocks + " blocks");
    }
  }

  /** One measured step: wall time and process CPU time (medians over rounds) and peak used heap (every phase sampled alike). */
  private static final class Phase {
    interface Step {
      void run() throws Exception;
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    final String name;
    final Step step;
    final List<Double> wall = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();
    long peak;

    Phase(String name, Step step) {
      this.name = name;
      this.step = step;
    }

    void measure(boolean warmUp) throws Exception {
      HeapSampler h = HeapSampler.start();
      long c0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      step.run();
      double s = (System.nanoTime() - t0) / 1e9;
      double c = (OS.getProcessCpuTime() - c0) / 1e6;
      long p = h.stop();
      if (!warmUp) {
        wall.add(s);
        cpu.add(c);
        peak = Math.max(peak, p);
      }
    }

    double seconds() {
      return wall.isEmpty() ? Double.NaN : median(wall);
    }

    double cpuMs() {
      return cpu.isEmpty() ? Double.NaN : median(cpu);
    }
  }

  /**
   * The raw ceiling: plain {@code HttpURLConnection} GETs (or PUTs) of the same blocks from the same
   * server, same concurrency, into a reused buffer. With {@code file}, also the local work every
   * transfer has to do: a GET's block is SHA-256'd and written at its offset in {@code file} (a
   * fresh file each time); a PUT's block is read from {@code file} and SHA-256'd before sending.
   */
  private static double raw(URI base, int blocks, int concurrency, boolean put, boolean sha, BenchEndpoint endpoint, Path file)
      throws Exception {
    if (file != null && !put) {
      Files.deleteIfExists(file);
    }
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicLong next = new AtomicLong();
    long t0 = System.nanoTime();
    try (FileChannel ch = file == null ? null : put ? FileChannel.open(file, StandardOpenOption.READ)
        : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        fs.add(pool.submit(() -> {
          byte[] buf = new byte[BenchEndpoint.BLOCK];
          java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
          long i;
          while ((i = next.getAndIncrement()) < blocks) {
            HttpURLConnection c = (HttpURLConnection) base.resolve("/raw/" + i).toURL().openConnection();
            if (put) {
              byte[] body = endpoint.block(i);
              if (ch != null) {
                ByteBuffer bb = ByteBuffer.wrap(buf);
                while (bb.hasRemaining() && ch.read(bb, i * BenchEndpoint.BLOCK + bb.position()) > 0) {
                  // fill the block
                }
                md.update(buf);
                md.digest();
                body = buf;
              }
              c.setRequestMethod("PUT");
              c.setDoOutput(true);
              c.setFixedLengthStreamingMode(BenchEndpoint.BLOCK);
              try (OutputStream out = c.getOutputStream()) {
                out.write(body);
              }
            }
            int off = 0;
            try (InputStream in = c.getInputStream()) {
              int n;
              while ((n = in.read(buf, off, buf.length - off)) > 0) {
                off += n;
              }
            }
            if (!put && (sha || ch != null)) {
              md.update(buf, 0, off);
              md.digest();
            }
            if (!put && ch != null) {
              ByteBuffer bb = ByteBuffer.wrap(buf, 0, off);
              long pos = i * BenchEndpoint.BLOCK;
              while (bb.hasRemaining()) {
                pos += ch.write(bb, pos);
              }
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

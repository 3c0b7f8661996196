package dev.snapfork.benchmarks.portworx;

import dev.snapfork.Labels;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.PortworxOptions;
import dev.snapfork.portworx.PortworxSnapshotProvider;
import dev.snapfork.portworx.fake.FakeOpenStorageServer;
import dev.snapfork.portworx.internal.proto.OpenStorageVolumeGrpc;
import dev.snapfork.portworx.internal.proto.SdkVolumeCreateRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotCreateRequest;
import dev.snapfork.portworx.internal.proto.VolumeSpec;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Overhead of the Portworx provider against the raw generated stub, on the same OpenStorage test
 * server, over an in-process transport and over loopback TCP (Netty, plaintext), in one run:
 * create, get and list, measured in alternating batches, medians per operation. Then listing
 * 1 000 snapshots of one volume: time and server calls by rpc.
 *
 * <p>Run: {@code benchmarks/run-portworx.sh [--iterations 2000] [--rounds 5]}.
 */
public final class PortworxOverheadBenchmark {
  private PortworxOverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = intArg(args, "--iterations", 1000);
    int rounds = intArg(args, "--rounds", 5);
    System.out.printf("Portworx provider vs raw stub: %d operations per batch, %d alternating rounds, medians of per-op batch means%n",
        iterations, rounds);
    System.out.printf("%-10s %-7s %12s %12s %14s %10s %10s%n", "transport", "op", "raw us/op", "snapfork us/op",
        "raw-seq us/op", "ratio", "calls/op");
    for (String transport : List.of("in-process", "loopback")) {
      try (Setup s = new Setup(transport)) {
        s.compare(iterations, rounds);
      }
    }
    try (Setup s = new Setup("in-process")) {
      s.listThousand();
    }
    try (Setup s = new Setup("loopback")) {
      s.listThousand();
    }
  }

  private static int intArg(String[] args, String name, int def) {
    int i = Arrays.asList(args).indexOf(name);
    return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : def;
  }

  /** One server, one raw stub and one provider on one transport. */
  private static final class Setup implements AutoCloseable {
    final String transport;
    final FakeOpenStorageServer osd = new FakeOpenStorageServer();
    final Server server;
    final ManagedChannel rawChannel;
    final ManagedChannel providerChannel;
    final OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub raw;
    final PortworxSnapshotProvider provider;
    final String volumeId;

    Setup(String transport) throws Exception {
      this.transport = transport;
      if (transport.equals("in-process")) {
        String name = "bench-" + UUID.randomUUID();
        InProcessServerBuilder b = InProcessServerBuilder.forName(name).directExecutor();
        osd.services().forEach(b::addService);
        server = b.build().start();
        rawChannel = InProcessChannelBuilder.forName(name).directExecutor().build();
        providerChannel = InProcessChannelBuilder.forName(name).directExecutor().build();
      } else {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        osd.services().forEach(b::addService);
        server = b.build().start();
        rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        providerChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
      }
      raw = OpenStorageVolumeGrpc.newBlockingStub(rawChannel);
      provider = PortworxSnapshotProvider.overChannel(providerChannel, true, PortworxOptions.builder().build());
      volumeId = raw.create(SdkVolumeCreateRequest.newBuilder().setName("bench-src")
          .setSpec(VolumeSpec.newBuilder().setSize(1L << 30)).build()).getVolumeId();
    }

    private OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub rawCall() {
      return raw.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    void compare(int n, int rounds) {
      VolumeRef source = VolumeRef.of(volumeId);
      // Fixtures for get and list: 100 labelled snapshots.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        ids.add(provider.create(SnapshotRequest.builder(source).name("fixture-" + i).label("bench", "list").build()).id());
      }
      int[] counter = {0};
      Map<String, String> listLabels = Map.of("bench", "list");
      op("create", n, rounds,
          () -> rawCall().snapshotCreate(SdkVolumeSnapshotCreateRequest.newBuilder().setVolumeId(volumeId)
              .setName("raw-" + counter[0]++).putLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).build()),
          () -> provider.create(SnapshotRequest.builder(source).name("sf-" + counter[0]++).build()),
          () -> rawSequenceCreate("seq-" + counter[0]++));
      op("get", n, rounds,
          () -> rawCall().inspect(SdkVolumeInspectRequest.newBuilder().setVolumeId(ids.get(counter[0]++ % ids.size())).build()),
          () -> provider.get(ids.get(counter[0]++ % ids.size())),
          null);
      op("list", Math.max(1, n / 10), rounds,
          () -> rawCall().inspectWithFilters(SdkVolumeInspectWithFiltersRequest.newBuilder().putAllLabels(listLabels).build()),
          () -> provider.list(new SnapshotFilter(java.util.Optional.empty(), listLabels), PageRequest.first(1000)),
          null);
    }

    /** What create does, call for call, through the raw stub: resolve, request-id lookup, name lookup, create, inspect. */
    private Object rawSequenceCreate(String name) {
      String rid = UUID.randomUUID().toString();
      rawCall().inspect(SdkVolumeInspectRequest.newBuilder().setVolumeId(volumeId).build());
      rawCall().inspectWithFilters(SdkVolumeInspectWithFiltersRequest.newBuilder()
          .putLabels(Labels.REQUEST_ID, rid).putLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).build());
      rawCall().inspectWithFilters(SdkVolumeInspectWithFiltersRequest.newBuilder().setName(name).build());
      String id = rawCall().snapshotCreate(SdkVolumeSnapshotCreateRequest.newBuilder().setVolumeId(volumeId).setName(name)
          .putLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).putLabels(Labels.REQUEST_ID, rid).build()).getSnapshotId();
      return rawCall().inspect(SdkVolumeInspectRequest.newBuilder().setVolumeId(id).build());
    }

    private void op(String name, int n, int rounds, Supplier<Object> rawOp, Supplier<Object> sfOp, Supplier<Object> seqOp) {
      batch(rawOp, n / 5);
      batch(sfOp, n / 5);
      if (seqOp != null) {
        batch(seqOp, n / 5);
      }
      double[] r = new double[rounds];
      double[] f = new double[rounds];
      double[] q = new double[rounds];
      int calls = 0;
      for (int i = 0; i < rounds; i++) {
        r[i] = batch(rawOp, n);
        osd.faults().resetCounts();
        f[i] = batch(sfOp, n);
        calls = osd.faults().totalCalls();
        if (seqOp != null) {
          q[i] = batch(seqOp, n);
        }
      }
      double raw = median(r);
      double sf = median(f);
      System.out.printf("%-10s %-7s %12.1f %12.1f %14s %9.2fx %10.1f%n", transport, name, raw, sf,
          seqOp == null ? "-" : String.format("%.1f", median(q)), sf / raw, calls / (double) n);
      if (seqOp != null) {
        System.out.printf("%-10s %-7s %12s %12s %14s %9.2fx   (snapfork vs the same 5 calls through the raw stub)%n",
            transport, name, "", "", "", sf / median(q));
      }
    }

    private double batch(Supplier<Object> op, int n) {
      osd.removeIf(name -> name.startsWith("raw-") || name.startsWith("sf-") || name.startsWith("seq-"));
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        op.get();
      }
      return (System.nanoTime() - start) / 1000.0 / Math.max(1, n);
    }

    private static double median(double[] xs) {
      double[] c = xs.clone();
      Arrays.sort(c);
      return c[c.length / 2];
    }

    void listThousand() {
      String vol = raw.create(SdkVolumeCreateRequest.newBuilder().setName("thousand")
          .setSpec(VolumeSpec.newBuilder().setSize(1L << 30)).build()).getVolumeId();
      for (int i = 0; i < 1000; i++) {
        raw.snapshotCreate(SdkVolumeSnapshotCreateRequest.newBuilder().setVolumeId(vol).setName("t-" + i)
            .putLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).build());
      }
      for (int pageSize : new int[] {100, 1000}) {
        long best = Long.MAX_VALUE;
        long count = 0;
        for (int round = 0; round < 5; round++) {
          osd.faults().resetCounts();
          long start = System.nanoTime();
          List<Snapshot> all = new ArrayList<>();
          PageRequest page = PageRequest.first(pageSize);
          while (true) {
            var p = provider.list(SnapshotFilter.ofSource(VolumeRef.of(vol)), page);
            all.addAll(p.items());
            if (p.nextToken().isEmpty()) {
              break;
            }
            page = page.next(p.nextToken().get());
          }
          best = Math.min(best, System.nanoTime() - start);
          count = all.size();
        }
        System.out.printf("%-10s list 1000 snapshots of one volume, page size %4d: %d items, best of 5 %.1f ms, calls %s%n",
            transport, pageSize, count, Duration.ofNanos(best).toNanos() / 1e6, callsByRpc());
      }
    }

    private String callsByRpc() {
      StringBuilder sb = new StringBuilder();
      for (String rpc : List.of("Inspect", "InspectWithFilters", "SnapshotEnumerateWithFilters")) {
        sb.append(rpc).append('=').append(osd.faults().calls(rpc)).append(' ');
      }
      return sb.toString().trim();
    }

    @Override
    public void close() throws Exception {
      provider.close();
      rawChannel.shutdownNow();
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}

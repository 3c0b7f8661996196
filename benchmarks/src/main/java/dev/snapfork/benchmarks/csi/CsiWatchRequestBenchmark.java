package dev.snapfork.benchmarks.csi;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.CsiSnapshotProvider;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * B-CSI: API requests the {@code csi} provider makes for {@code create} + {@code awaitReady} when
 * readiness comes after 1, 10 and 60 simulated seconds, beside a plain loop polling {@code get}
 * every simulated second, in one run against fabric8's CRUD mock API server; then 100 concurrent
 * waits (one shared watch expected). Requests are counted by an interceptor on the provider's own
 * client; the scripted controller uses a separate client and is not counted.
 *
 * <p>Options: {@code --ms-per-second N} real milliseconds per simulated second (default 100),
 * {@code --seconds 1,10,60}, {@code --concurrent 100}.
 */
public final class CsiWatchRequestBenchmark {
  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  private CsiWatchRequestBenchmark() {}

  /** Requests and watch opens seen by the counting interceptor. */
  static final class Counter implements Interceptor {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger watches = new AtomicInteger();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      requests.incrementAndGet();
      if (request.uri().getQuery() != null && request.uri().getQuery().contains("watch=true")) {
        watches.incrementAndGet();
      }
    }

    int[] reset() {
      return new int[] {requests.getAndSet(0), watches.getAndSet(0)};
    }
  }

  /** One row: simulated seconds to readiness, requests by the watching provider and by the polling loop. */
  record Row(int seconds, int watchRequests, int watchOpens, int pollRequests) {}

  /** The concurrent-wait result: requests made by the waits, watches opened over creates and waits. */
  record Concurrent(int waits, int requests, int watchOpens, int pollRequestsEstimate) {}

  public static void main(String[] args) throws Exception {
    long msPerSecond = 100;
    List<Integer> seconds = List.of(1, 10, 60);
    int concurrent = 100;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--ms-per-second" -> msPerSecond = Long.parseLong(args[i + 1]);
        case "--seconds" -> seconds = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
        case "--concurrent" -> concurrent = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    run(System.out, msPerSecond, seconds, concurrent);
    System.exit(0);
  }

  static List<Object> run(PrintStream out, long msPerSecond, List<Integer> seconds, int concurrent) throws Exception {
    QUIET.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("snapshot.storage.k8s.io")
        .withVersion("v1").withKind("VolumeSnapshot").withPlural("volumesnapshots").withScope("Namespaced").build());
    Counter counter = new Counter();
    KubernetesClient counted = server.createClient(b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("count", counter))
        .editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    KubernetesClient plain = server.createClient();
    List<Object> results = new ArrayList<>();
    try (ScriptedController controller = new ScriptedController(plain)) {
      plain.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build()).create();
      VolumeRef pvc = pvc(plain, "bench", "data");
      long cutMs = Math.max(5, msPerSecond / 10);
      out.printf("B-CSI: API requests for create + awaitReady (1 simulated s = %d ms; cut after %d ms)%n", msPerSecond, cutMs);
      out.printf("%-22s %16s %12s %22s %8s%n", "ready after (sim s)", "watch: requests", "watch opens", "poll@1s: requests", "ratio");
      int n = 0;
      for (int s : seconds) {
        // Watching provider, fresh (so its first watch is counted).
        try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(counted).namespace("bench")
            .cutTimeout(Duration.ofSeconds(30)).build()) {
          String name = "w-" + s + "-" + (n++);
          counter.reset();
          controller.script("bench", name, cutMs, s * msPerSecond);
          Snapshot cut = p.create(SnapshotRequest.builder(pvc).name(name).build());
          p.awaitReady(cut.id(), Duration.ofSeconds(s * msPerSecond / 1000 + 30));
          int[] watch = counter.reset();
          // Plain polling loop: same create, then get every simulated second until ready.
          String pname = "p-" + s + "-" + (n++);
          controller.script("bench", pname, cutMs, s * msPerSecond);
          Snapshot pcut = p.create(SnapshotRequest.builder(pvc).name(pname).build());
          int[] beforePoll = counter.reset();
          int polls = 0;
          long start = System.nanoTime();
          while (!p.get(pcut.id()).ready()) {
            if (++polls > s * 20 + 200) {
              throw new IllegalStateException("snapshot " + pcut.id() + " never became ready");
            }
            // Fixed rate: one GET per simulated second of elapsed time, whatever a GET takes.
            long next = start + polls * TimeUnit.MILLISECONDS.toNanos(msPerSecond);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
          }
          int pollRequests = beforePoll[0] + polls + 1;
          counter.reset();
          Row row = new Row(s, watch[0], watch[1], pollRequests);
          results.add(row);
          out.printf("%-22d %16d %12d %22d %7.1fx%n", s, row.watchRequests(), row.watchOpens(), row.pollRequests(),
              row.pollRequests() / (double) row.watchRequests());
        }
      }
      // Concurrent waits sharing one watch.
      int waitSeconds = 10;
      try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(counted).namespace("bench")
          .cutTimeout(Duration.ofSeconds(30)).build()) {
        List<String> ids = new ArrayList<>();
        counter.reset();
        for (int i = 0; i < concurrent; i++) {
          String name = "c-" + i;
          controller.cutOnly("bench", name, cutMs);
          ids.add(p.create(SnapshotRequest.builder(pvc).name(name).build()).id());
        }
        int[] creates = counter.reset();
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        List<Future<Snapshot>> waits = new ArrayList<>();
        for (String id : ids) {
          waits.add(pool.submit(() -> p.awaitReady(id, Duration.ofMinutes(2))));
        }
        // Readiness comes waitSeconds of simulated time after every waiter has started.
        TimeUnit.MILLISECONDS.sleep(waitSeconds * msPerSecond);
        for (String id : ids) {
          controller.readyNow("bench", id.substring(id.indexOf('/') + 1));
        }
        for (Future<Snapshot> f : waits) {
          f.get(3, TimeUnit.MINUTES);
        }
        pool.shutdownNow();
        int[] c = counter.reset();
        int pollEstimate = concurrent * (waitSeconds + 1);
        Concurrent row = new Concurrent(concurrent, c[0], creates[1] + c[1], pollEstimate);
        results.add(row);
        out.printf("%n%d creates then %d concurrent awaitReady, ready %d sim s after the waits start:%n"
            + "  creates: %d requests; waits: %d requests; watches opened in all: %d "
            + "(a 1 s polling loop per wait makes at least %d requests for the waits)%n", concurrent, concurrent, waitSeconds,
            creates[0], row.requests(), row.watchOpens(), row.pollRequestsEstimate());
      }
    } finally {
      counted.close();
      plain.close();
      server.destroy();
    }
    return results;
  }

  private static VolumeRef pvc(KubernetesClient client, String ns, String name) {
    client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
    return VolumeRef.of(ns + "/" + name);
  }
}

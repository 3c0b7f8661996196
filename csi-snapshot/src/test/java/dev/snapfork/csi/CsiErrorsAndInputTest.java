package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotSpec;
import dev.snapfork.csi.internal.model.VolumeSnapshotStatus;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Error translation, bad input and watch loss, at the wire: the CRUD mock server answers normally
 * and expectations inject the API server's error answers (403, 409, 410 Gone, 422, 429, 503).
 * No snapshot controller runs here; tests write snapshot status themselves.
 */
class CsiErrorsAndInputTest {
  private static MockApi api;
  private static KubernetesClient client;
  private CsiSnapshotProvider provider;

  @BeforeAll
  static void start() {
    api = new MockApi();
    client = api.client;
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void open() {
    provider = CsiSnapshotProvider.builder().client(client).namespace("default").cutTimeout(Duration.ofMillis(300))
        .retryAttempts(3).retryBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 1.0)).build();
  }

  @AfterEach
  void close() {
    provider.close();
    api.server.clearExpectations();
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder().withCode(code).withReason(reason).withMessage(message).withStatus("Failure").build();
  }

  private static VolumeSnapshot snapshotObject(String ns, String name, boolean cut, boolean ready) {
    VolumeSnapshot vs = new VolumeSnapshot();
    vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    VolumeSnapshotSpec spec = new VolumeSnapshotSpec();
    VolumeSnapshotSpec.Source src = new VolumeSnapshotSpec.Source();
    src.setPersistentVolumeClaimName("data");
    spec.setSource(src);
    vs.setSpec(spec);
    VolumeSnapshotStatus st = new VolumeSnapshotStatus();
    if (cut) {
      st.setCreationTime(Instant.now().toString());
    }
    st.setReadyToUse(ready);
    vs.setStatus(st);
    return vs;
  }

  @Test
  void forbiddenNamesTheVerbAndTheResource() {
    MockCluster.namespace(client, "rbac");
    VolumeRef pvc = MockCluster.pvc(client, "rbac", "data");
    api.server.expect().post().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/rbac/volumesnapshots")
        .andReturn(403, status(403, "Forbidden", "volumesnapshots.snapshot.storage.k8s.io is forbidden: User \"system:serviceaccount:ci:runner\" "
            + "cannot create resource \"volumesnapshots\" in API group \"snapshot.storage.k8s.io\" in the namespace \"rbac\""))
        .always();
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("s1").build()))
        .satisfies(e -> assertThat(e.getMessage())
            .contains("cannot create resource 'volumesnapshots'")
            .contains("API group 'snapshot.storage.k8s.io'")
            .contains("namespace 'rbac'")
            .contains("grant verb 'create' on 'volumesnapshots.snapshot.storage.k8s.io'"))
        .satisfies(e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void unavailableIsRetriedThenSucceeds() {
    VolumeRef pvc = MockCluster.pvc(client, "default", "retry-data");
    api.server.expect().get().withPath("/api/v1/namespaces/default/persistentvolumeclaims/retry-data")
        .andReturn(503, status(503, "ServiceUnavailable", "etcd leader changed")).times(2);
    assertThat(provider.getVolume(pvc).name()).isEqualTo("retry-data");
  }

  @Test
  void throttlingBeyondTheAttemptsIsRateLimitedAndRetryable() {
    api.server.expect().get().withPath("/api/v1/namespaces/default/persistentvolumeclaims/busy")
        .andReturn(429, status(429, "TooManyRequests", "slow down")).always();
    assertThatExceptionOfType(RateLimitedException.class)
        .isThrownBy(() -> provider.getVolume(VolumeRef.of("default/busy")))
        .satisfies(e -> assertThat(e.retryable()).isTrue())
        .satisfies(e -> assertThat(e.getMessage()).contains("HTTP 429").contains("persistentvolumeclaims"));
  }

  @Test
  void unprocessableIsInvalidRequest() {
    VolumeRef pvc = MockCluster.pvc(client, "default", "data-422");
    api.server.expect().post().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/default/volumesnapshots")
        .andReturn(422, status(422, "Invalid", "VolumeSnapshot.snapshot.storage.k8s.io \"x\" is invalid: spec.source: Required value"))
        .once();
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("x").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("spec.source: Required value"));
  }

  @Test
  void nameTakenByAnotherRequestConflicts() {
    VolumeRef pvc = MockCluster.pvc(client, "default", "data-409");
    client.resources(VolumeSnapshot.class).inNamespace("default").resource(snapshotObject("default", "taken", true, true)).create();
    assertThatExceptionOfType(ConflictException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("taken").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("default/taken"));
  }

  @Test
  void missingPvcNamespaceAndClassAreNotFound() {
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(VolumeRef.of("default/nope")).build()))
        .satisfies(e -> assertThat(e.id()).isEqualTo("default/nope"));
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(VolumeRef.of("no-such-ns/data")).build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("namespace 'no-such-ns'"));
    VolumeRef pvc = MockCluster.pvc(client, "default", "data-class");
    try (CsiSnapshotProvider withClass = CsiSnapshotProvider.builder().client(client).snapshotClass("missing-class").build()) {
      assertThatExceptionOfType(NotFoundException.class)
          .isThrownBy(() -> withClass.create(SnapshotRequest.of(pvc)))
          .satisfies(e -> assertThat(e.kind()).isEqualTo("snapshot class"))
          .satisfies(e -> assertThat(e.id()).isEqualTo("missing-class"));
    }
  }

  @Test
  void noCutWithinTheCutTimeoutTimesOut() {
    VolumeRef pvc = MockCluster.pvc(client, "default", "data-slow");
    assertThatExceptionOfType(SnapshotTimeoutException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("slow-cut").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("cut"));
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    VolumeRef pvc = VolumeRef.of("default/data");
    int before = api.server.getRequestCount();
    assertThatExceptionOfType(InvalidRequestException.class).as("upper-case name")
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("Nightly_Backup").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("name"))
        .satisfies(e -> assertThat(e.rule()).contains("DNS-1123"));
    assertThatExceptionOfType(InvalidRequestException.class).as("label key prefix not DNS-1123")
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).label("Example.COM/team", "a").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("labels[Example.COM/team]"));
    assertThatExceptionOfType(InvalidRequestException.class).as("label value with a space")
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).label("team", "data platform").build()))
        .satisfies(e -> assertThat(e.rule()).contains("label value"));
    assertThatExceptionOfType(InvalidRequestException.class).as("label value over 63 characters")
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).label("team", "a".repeat(64)).build()));
    assertThatExceptionOfType(InvalidRequestException.class).as("volume namespace not DNS-1123")
        .isThrownBy(() -> provider.create(SnapshotRequest.of(VolumeRef.of("Prod/data"))))
        .satisfies(e -> assertThat(e.field()).startsWith("source"));
    assertThatExceptionOfType(InvalidRequestException.class).as("snapshot id with two slashes")
        .isThrownBy(() -> provider.get("a/b/c"));
    assertThatExceptionOfType(InvalidRequestException.class).as("clone target not DNS-1123")
        .isThrownBy(() -> provider.createVolume(dev.snapfork.CloneRequest.builder("default/s", "Clone.").build()));
    assertThatExceptionOfType(InvalidRequestException.class).as("unknown clone parameter")
        .isThrownBy(() -> provider.createVolume(dev.snapfork.CloneRequest.builder("default/s", "clone").parameter("zone", "a").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("parameters[zone]"));
    assertThat(api.server.getRequestCount()).as("requests made for bad input").isEqualTo(before);
  }

  @Test
  void unreachableApiServerIsUnavailable() {
    KubernetesClient dead = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
        .withRequestRetryBackoffLimit(0).withConnectionTimeout(500).build()).build();
    try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().ownedClient(dead).retryAttempts(1).build()) {
      assertThatExceptionOfType(UnavailableException.class)
          .isThrownBy(() -> p.get("default/x"))
          .satisfies(e -> assertThat(e.getMessage()).contains("unreachable"))
          .satisfies(e -> assertThat(e.retryable()).isTrue());
    }
  }

  @Test
  void watchEndingWith410GoneIsReListedAndReWatched() throws Exception {
    MockCluster.namespace(client, "gone");
    client.resources(VolumeSnapshot.class).inNamespace("gone").resource(snapshotObject("gone", "s1", true, false)).create();
    WatchEvent goneEvent = new WatchEvent(status(410, "Expired", "too old resource version: 1 (2)"), "ERROR");
    api.server.expect().get().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/gone/volumesnapshots?allowWatchBookmarks=true&watch=true")
        .andUpgradeToWebSocket().open().waitFor(1500).andEmit(goneEvent).done().once();
    CompletableFuture<Snapshot> waiting = CompletableFuture.supplyAsync(() -> provider.awaitReady("gone/s1", Duration.ofSeconds(20)));
    // Let the waiter open the (doomed) watch and read the snapshot before it becomes ready; that
    // first watch never reports the change, so only the re-list after 410 Gone can see it.
    TimeUnit.MILLISECONDS.sleep(500);
    VolumeSnapshot current = client.resources(VolumeSnapshot.class).inNamespace("gone").withName("s1").get();
    current.getStatus().setReadyToUse(true);
    client.resources(VolumeSnapshot.class).inNamespace("gone").resource(current).update();
    Snapshot ready = waiting.get(30, TimeUnit.SECONDS);
    assertThat(ready.state()).isEqualTo(SnapshotState.READY);
    assertThat(ready.id()).isEqualTo("gone/s1");
  }

  @Test
  void snapshotDeletedWhileWaitingIsNotFound() throws Exception {
    client.resources(VolumeSnapshot.class).inNamespace("default").resource(snapshotObject("default", "doomed", true, false)).create();
    CompletableFuture<Snapshot> waiting = CompletableFuture.supplyAsync(() -> provider.awaitReady("doomed", Duration.ofSeconds(20)));
    TimeUnit.MILLISECONDS.sleep(300);
    client.resources(VolumeSnapshot.class).inNamespace("default").withName("doomed").delete();
    assertThat(waiting).failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isInstanceOf(NotFoundException.class);
  }

  @Test
  void errorBeforeTheCutFailsCreateWithTheDriverMessage() {
    VolumeRef pvc = MockCluster.pvc(client, "default", "data-err");
    VolumeSnapshot vs = snapshotObject("default", "err", false, false);
    dev.snapfork.csi.internal.model.SnapshotError err = new dev.snapfork.csi.internal.model.SnapshotError();
    err.setMessage("rpc error: code = Internal desc = disk is detached");
    vs.getStatus().setError(err);
    vs.getMetadata().setLabels(java.util.Map.of("snapfork.dev/managed-by", "snapfork", "snapfork.dev/request-id", "req-err"));
    client.resources(VolumeSnapshot.class).inNamespace("default").resource(vs).create();
    assertThatExceptionOfType(dev.snapfork.BackendFailureException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).requestId("req-err").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("disk is detached"));
  }
}

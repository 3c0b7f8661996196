package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotSpec;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a real kube-apiserver and snapshot controller do that the plain mock did not
 * (shared/reference/csi-snapshot.md, "What a real kube-apiserver does that a mock server may not"),
 * and the provider behaving right against it: label values validated (422), finalizers keeping
 * deleted snapshots around, expiring continue tokens (410), 403 for a namespace that does not
 * exist, failed snapshots Snapfork made, and snapshots without a cut time.
 */
class CsiRealApiServerTest {
  private static MockApi api;
  private static SimulatedSnapshotController controller;
  private CsiSnapshotProvider provider;

  @BeforeAll
  static void start() {
    api = new MockApi();
    controller = new SimulatedSnapshotController(api.client);
    controller.start();
  }

  @AfterAll
  static void stop() {
    controller.close();
    api.close();
  }

  @BeforeEach
  void open() {
    provider = build(false);
  }

  private static CsiSnapshotProvider build(boolean keepFailed) {
    return CsiSnapshotProvider.builder().client(api.client).namespace("default").cutTimeout(Duration.ofSeconds(10))
        .retryAttempts(4).retryBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 1.0))
        .keepFailedSnapshots(keepFailed).build();
  }

  @AfterEach
  void close() {
    controller.holdDeletes(false);
    controller.exclusive(provider::close);
    api.server.clearExpectations();
  }

  private static VolumeSnapshot raw(String ns, String name, Map<String, String> labels) {
    VolumeSnapshot vs = new VolumeSnapshot();
    vs.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).withLabels(labels).build());
    VolumeSnapshotSpec spec = new VolumeSnapshotSpec();
    VolumeSnapshotSpec.Source src = new VolumeSnapshotSpec.Source();
    src.setPersistentVolumeClaimName("data");
    spec.setSource(src);
    vs.setSpec(spec);
    return vs;
  }

  private static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      T v = probe.get();
      if (done.test(v)) {
        return v;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("condition not reached");
  }

  // --- expiry label ---

  @Test
  void theFakeRejectsAnIsoTimestampLabelValueAs422LikeTheRealApiServer() {
    assertThatExceptionOfType(KubernetesClientException.class)
        .isThrownBy(() -> api.client.resources(VolumeSnapshot.class).inNamespace("default")
            .resource(raw("default", "iso-label", Map.of(Labels.EXPIRES_AT, "2026-12-04T10:00:00Z"))).create())
        .satisfies(e -> assertThat(e.getCode()).isEqualTo(422))
        .satisfies(e -> assertThat(e.getStatus().getDetails().getCauses().get(0).getField()).isEqualTo("metadata.labels"));
    assertThat(api.client.resources(VolumeSnapshot.class).inNamespace("default").withName("iso-label").get()).isNull();
  }

  @Test
  void aSnapshotWithTheExpiryLabelIsAcceptedAndItsExpiryReadBack() {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "expiring-data");
    Instant at = Instant.parse("2026-12-04T10:00:00Z");
    Snapshot s = provider.create(SnapshotRequest.builder(pvc).label(Labels.EXPIRES_AT, Labels.expiryValue(at)).build());
    assertThat(Labels.expiresAt(provider.get(s.id()).labels())).contains(at);
  }

  // --- failed snapshots Snapfork made; cut time ---

  @Test
  void aSnapshotThatFailsBeforeItsCutIsDeletedBySnapfork() throws Exception {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "failing-data");
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> provider.create(SnapshotRequest.builder(pvc).name("fails-early")
            .label(SimulatedSnapshotController.BEHAVIOR, "fail-before-cut").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("the driver could not cut", "Snapfork deleted the failed VolumeSnapshot",
            "keep-failed-snapshots").doesNotContain("delete it"));
    assertThat(eventually(() -> api.client.resources(VolumeSnapshot.class).inNamespace("default").withName("fails-early").get(),
        v -> v == null)).isNull();
  }

  @Test
  void aFailedSnapshotIsKeptWhenAskedAndHasNoCutTime() {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "kept-data");
    try (CsiSnapshotProvider keeping = build(true)) {
      assertThatExceptionOfType(BackendFailureException.class)
          .isThrownBy(() -> keeping.create(SnapshotRequest.builder(pvc).name("kept-failed")
              .label(SimulatedSnapshotController.BEHAVIOR, "fail-before-cut").build()))
          .satisfies(e -> assertThat(e.getMessage()).contains("kept because snapfork.csi.keep-failed-snapshots is set"));
      Snapshot failed = keeping.get("default/kept-failed");
      assertThat(failed.state()).isEqualTo(SnapshotState.FAILED);
      assertThat(failed.cutAt()).as("a snapshot without status.creationTime has no cut time").isEqualTo(Instant.EPOCH);
      assertThat(failed.attributes()).containsEntry("csi.cut", "false");
    }
  }

  // --- deleting objects (finalizers) ---

  @Test
  void theFakeKeepsADeletedBoundSnapshotAroundBehindFinalizersUntilTheControllerReleasesIt() throws Exception {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "final-data");
    Snapshot s = provider.awaitReady(provider.create(SnapshotRequest.builder(pvc).name("finalized").build()).id(), Duration.ofSeconds(10));
    controller.holdDeletes(true);
    assertThat(provider.delete(s.id())).isTrue();
    VolumeSnapshot lingering = api.client.resources(VolumeSnapshot.class).inNamespace("default").withName("finalized").get();
    assertThat(lingering).isNotNull();
    assertThat(lingering.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(lingering.getMetadata().getFinalizers()).contains(SimulatedSnapshotController.BOUND_FINALIZER);
    assertThat(provider.get(s.id()).state()).isEqualTo(SnapshotState.DELETING);
    assertThat(provider.delete(s.id())).as("a second delete of a deleting snapshot").isFalse();
    controller.holdDeletes(false);
    assertThat(eventually(() -> api.client.resources(VolumeSnapshot.class).inNamespace("default").withName("finalized").get(),
        v -> v == null)).isNull();
  }

  @Test
  void aRetryWithTheSameRequestIdNeverReturnsTheSnapshotBeingDeleted() {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "retry-final-data");
    SnapshotRequest named = SnapshotRequest.builder(pvc).name("retried").requestId("req-deleting").build();
    Snapshot first = provider.awaitReady(provider.create(named).id(), Duration.ofSeconds(10));
    controller.holdDeletes(true);
    assertThat(provider.delete(first.id())).isTrue();
    assertThatExceptionOfType(ConflictException.class).as("the name is still held by this request's deleting snapshot")
        .isThrownBy(() -> provider.create(named))
        .satisfies(e -> assertThat(e.getMessage()).contains("being deleted", "retry once it is gone"))
        .satisfies(e -> assertThat(e.retryable()).isTrue());

    SnapshotRequest generated = SnapshotRequest.builder(pvc).requestId("req-deleting-2").build();
    Snapshot g = provider.create(generated);
    assertThat(provider.delete(g.id())).isTrue();
    Snapshot again = provider.create(generated);
    assertThat(again.id()).as("a new snapshot, not the deleting one").isNotEqualTo(g.id());
    assertThat(again.state()).isNotEqualTo(SnapshotState.DELETING);
  }

  @Test
  void aSnapshotBeingDeletedIsNotUsedAsACloneSource() {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "clone-final-data");
    Snapshot s = provider.awaitReady(provider.create(SnapshotRequest.builder(pvc).name("clone-src").build()).id(), Duration.ofSeconds(10));
    controller.holdDeletes(true);
    assertThat(provider.delete(s.id())).isTrue();
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> provider.createVolume(CloneRequest.builder(s.id(), "from-deleting").build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("being deleted", "Pending forever"));
    assertThat(api.client.persistentVolumeClaims().inNamespace("default").withName("from-deleting").get()).isNull();
  }

  // --- expiring continue tokens (410) ---

  private static void fill(String ns, int count) {
    MockCluster.namespace(api.client, ns);
    for (int i = 0; i < count; i++) {
      api.client.resources(VolumeSnapshot.class).inNamespace(ns)
          .resource(raw(ns, String.format("s-%03d", i), Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))).create();
    }
  }

  @Test
  void aListingWhoseContinueTokenExpiresRestartsAndNeverSendsTheDeadTokenAgain() {
    fill("pages", 150);
    try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(api.client).namespace("pages").retryAttempts(4)
        .retryBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 1.0)).build()) {
      int before = api.rules.expiredTokensSent().size();
      api.rules.compactAfterNextPage(); // the first page's token is dead by the time it is used
      List<String> ids = p.stream(SnapshotFilter.ALL).map(Snapshot::id).toList();
      assertThat(ids).hasSize(150).doesNotHaveDuplicates();
      assertThat(api.rules.expiredTokensSent()).as("dead tokens sent").hasSize(before + 1)
          .allSatisfy((token, times) -> assertThat(times).as("times the dead token " + token + " was sent").isEqualTo(1));
    }
  }

  @Test
  void aPageRequestWithAnExpiredTokenFailsNotRetryableSayingToStartAgain() {
    fill("pages2", 120);
    try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(api.client).namespace("pages2").retryAttempts(4)
        .retryBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 1.0)).build()) {
      Page<Snapshot> first = p.list(SnapshotFilter.ALL, PageRequest.first(50));
      assertThat(first.items()).hasSize(50);
      api.rules.compact();
      int before = api.rules.expiredTokensSent().size();
      assertThatExceptionOfType(BackendFailureException.class)
          .isThrownBy(() -> p.list(SnapshotFilter.ALL, PageRequest.first(50).next(first.nextToken().orElseThrow())))
          .satisfies(e -> assertThat(e.retryable()).isFalse())
          .satisfies(e -> assertThat(e.getMessage()).contains("HTTP 410", "start the listing again"));
      assertThat(api.rules.expiredTokensSent()).hasSize(before + 1).allSatisfy((token, times) -> assertThat(times).isEqualTo(1));
    }
  }

  // --- a namespace that does not exist, with a namespaced Role ---

  @Test
  void forbiddenInANamespaceThatMayNotExistSaysSo() {
    // shared/reference/csi-snapshot.md: "A namespaced Role cannot tell 'namespace missing' from
    // 'forbidden': a call into a namespace that does not exist, without cluster-wide rights, gets 403."
    api.server.expect().get().withPath("/apis/snapshot.storage.k8s.io/v1/namespaces/stagingg/volumesnapshots/s1")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withStatus("Failure")
            .withMessage("volumesnapshots.snapshot.storage.k8s.io \"s1\" is forbidden: User \"system:serviceaccount:ci:runner\" "
                + "cannot get resource \"volumesnapshots\" in API group \"snapshot.storage.k8s.io\" in the namespace \"stagingg\"")
            .build())
        .always();
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> provider.get("stagingg/s1"))
        .satisfies(e -> assertThat(e.getMessage()).contains("namespace 'stagingg' may not exist", "answered 403"));
  }

  // --- cross-namespace clone target ---

  @Test
  void aCloneTargetInAnotherNamespaceIsRefusedSayingCsiCannotCloneAcrossNamespaces() {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> provider.createVolume(CloneRequest.builder("default/snap", "staging/copy").build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("targetName"))
        .satisfies(e -> assertThat(e.rule()).contains("cross-namespace clones are not supported by CSI",
            "dataSource must be a VolumeSnapshot in the claim's own namespace").doesNotContain("DNS-1123"));
  }
}

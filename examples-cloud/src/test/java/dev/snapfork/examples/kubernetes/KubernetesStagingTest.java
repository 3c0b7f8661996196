package dev.snapfork.examples.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.SnapshotTimeoutException;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staging example on fabric8's mock server in CRUD mode. A small simulated controller in the
 * test (polling, no watches) marks the Deployment ready and runs the "Job": it creates the Job's
 * pod with a terminated container and the exit code under test, then sets the Job's status.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesStagingTest {
  static final String NS = "staging";
  KubernetesMockServer server;
  KubernetesClient client;

  final List<String> log = new CopyOnWriteArrayList<>();
  SimulatedController controller;

  @BeforeEach
  void startController() {
    controller = new SimulatedController(server, client, NS);
  }

  @AfterEach
  void stopController() throws Exception {
    controller.close();
  }

  private StagingSpec spec(Optional<String> snapshot, Optional<String> claim, Duration ready) {
    return new StagingSpec(NS, snapshot, claim, Optional.of("fast-ssd"), "20Gi", "mongo:7.0", "250m", "512Mi", "registry/tests:1",
        List.of("/run-tests.sh", "--suite", "orders"), ready, Duration.ofSeconds(20));
  }

  private KubernetesStaging staging() {
    return new KubernetesStaging(client, log::add, Duration.ofMillis(20));
  }

  @Test
  void stagesFromAVolumeSnapshotRunsTheTestsAndDeletesEverything() {
    List<PersistentVolumeClaim> seen = new CopyOnWriteArrayList<>();
    Thread spy = new Thread(() -> {
      while (seen.isEmpty() && !Thread.currentThread().isInterrupted()) {
        seen.addAll(client.persistentVolumeClaims().inNamespace(NS).list().getItems());
      }
    });
    spy.setDaemon(true);
    spy.start();

    StagingResult r = staging().run(spec(Optional.of("prod-snap-1"), Optional.empty(), Duration.ofSeconds(20)));

    assertThat(r.passed()).as(String.join("\n", log)).isTrue();
    assertThat(r.exitCode()).hasValue(0);
    assertThat(r.logs()).containsExactly("connected to mongodb://staging-" + r.runId() + "." + NS + ".svc:27017/?directConnection=true",
        "42 orders checked");
    assertThat(r.phases()).containsOnlyKeys("create", "ready", "test", "teardown");
    assertThat(r.deleted()).containsEntry("Deployment", 1).containsEntry("Service", 1).containsEntry("Job", 1)
        .containsEntry("PersistentVolumeClaim", 1);

    assertThat(seen).isNotEmpty();
    PersistentVolumeClaim pvc = seen.get(0);
    assertThat(pvc.getSpec().getDataSource().getKind()).isEqualTo("VolumeSnapshot");
    assertThat(pvc.getSpec().getDataSource().getApiGroup()).isEqualTo("snapshot.storage.k8s.io");
    assertThat(pvc.getSpec().getDataSource().getName()).isEqualTo("prod-snap-1");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    assertThat(pvc.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsEntry(KubernetesStaging.RUN_LABEL, r.runId());

    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aFailingTestJobIsReportedWithItsExitCodeAndAnExistingClaimIsKept() {
    controller.exitCode = 3;
    client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("px-clone-7").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("20Gi")).endResources()
        .endSpec().build()).create();

    StagingResult r = staging().run(spec(Optional.empty(), Optional.of("px-clone-7"), Duration.ofSeconds(20)));

    assertThat(r.passed()).isFalse();
    assertThat(r.exitCode()).hasValue(3);
    assertThat(r.deleted()).containsEntry("PersistentVolumeClaim", 0);
    assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("px-clone-7").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aDatabaseThatNeverBecomesReadyTimesOutAndIsTornDown() {
    controller.becomeReady = false;
    assertThatThrownBy(() -> staging().run(spec(Optional.of("prod-snap-1"), Optional.empty(), Duration.ofMillis(300))))
        .isInstanceOf(SnapshotTimeoutException.class).hasMessageContaining("to be ready");
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> spec(Optional.of("Prod_Snap"), Optional.empty(), Duration.ofSeconds(1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("volumeSnapshot");
    assertThatThrownBy(() -> new StagingSpec(NS, Optional.of("s"), Optional.empty(), Optional.empty(), "lots", "mongo", "1", "1Gi",
        "t", List.of("x"), Duration.ofSeconds(1), Duration.ofSeconds(1))).hasMessageContaining("size");
    assertThatThrownBy(() -> spec(Optional.of("a"), Optional.of("b"), Duration.ofSeconds(1))).hasMessageContaining("exactly one");
    assertThat(client.persistentVolumeClaims().inNamespace(NS).list().getItems()).isEmpty();
  }
}

package dev.snapfork.csi;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.SnapshotProviderCompatibilityKit;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The compatibility kit against fabric8's CRUD-mode mock API server and the simulated snapshot
 * controller, with {@code groupsnapshot.storage.k8s.io/v1beta1} served so the kit's group tests run
 * the native path: every PVC made during one test carries a label unique to that test, so the
 * labels the sources of a group share select exactly them.
 */
class CsiCompatibilityTest extends SnapshotProviderCompatibilityKit {
  private static final AtomicInteger TESTS = new AtomicInteger();
  private static MockApi api;
  private static KubernetesClient client;
  private static SimulatedSnapshotController controller;
  private String testLabel;

  @BeforeAll
  static void startController() {
    api = new MockApi();
    client = api.client;
    controller = new SimulatedSnapshotController(client);
    MockCluster.registerGroupApi(api.server, "v1beta1");
    controller.start();
    controller.serveGroups("v1beta1");
  }

  @BeforeEach
  void labelForThisTest() {
    testLabel = "t" + TESTS.incrementAndGet();
  }

  @AfterAll
  static void stopController() {
    controller.close();
    api.close();
  }

  @Override
  protected SnapshotProvider createProvider() {
    return CsiSnapshotProvider.builder().client(client).namespace("default").cutTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
    return MockCluster.pvc(client, "default", name, Map.of("sim.snapfork.dev/test", testLabel));
  }

  @Override
  protected void deleteSourceVolume(SnapshotProvider provider, VolumeRef source) {
    client.persistentVolumeClaims().inNamespace("default").withName(source.id().substring("default/".length())).delete();
  }

  @Override
  protected void closeProvider(SnapshotProvider provider) {
    // The kit's clean-up deletes just before this; the mock sends the DELETED events after answering
    // the DELETE, and closing a watch while the mock writes to it can stall the mock for ~30 s. Give
    // those writes a moment to drain (not an assertion on time; only the stall is avoided).
    controller.exclusive(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      provider.close();
    });
  }

  @Override
  protected Optional<Snapshot> cutSnapshotNotReadySoon(SnapshotProvider provider, SnapshotRequest request) {
    return Optional.of(provider.create(request.toBuilder().label(SimulatedSnapshotController.BEHAVIOR, "never-ready").build()));
  }

  @Override
  protected Optional<Snapshot> cutSnapshotThatFails(SnapshotProvider provider, SnapshotRequest request) {
    return Optional.of(provider.create(request.toBuilder().label(SimulatedSnapshotController.BEHAVIOR, "fail-after-cut").build()));
  }

  @Override
  protected Duration readyTimeout() {
    return Duration.ofSeconds(10);
  }
}

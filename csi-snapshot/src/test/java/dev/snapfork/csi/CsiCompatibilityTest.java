package dev.snapfork.csi;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.SnapshotProviderCompatibilityKit;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The compatibility kit against fabric8's CRUD-mode mock API server and the simulated snapshot controller. */
class CsiCompatibilityTest extends SnapshotProviderCompatibilityKit {
  private static MockApi api;
  private static KubernetesClient client;
  private static SimulatedSnapshotController controller;

  @BeforeAll
  static void startController() {
    api = new MockApi();
    client = api.client;
    controller = new SimulatedSnapshotController(client);
    controller.start();
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
    return MockCluster.pvc(client, "default", name);
  }

  @Override
  protected void deleteSourceVolume(SnapshotProvider provider, VolumeRef source) {
    client.persistentVolumeClaims().inNamespace("default").withName(source.id().substring("default/".length())).delete();
  }

  @Override
  protected void closeProvider(SnapshotProvider provider) {
    controller.exclusive(provider::close);
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

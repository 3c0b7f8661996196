package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotClass;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without {@code snapshot-class}, the default VolumeSnapshotClass of the PVC's driver is set explicitly. */
class CsiDefaultClassTest {
  private static MockApi api;
  private static KubernetesClient client;
  private static SimulatedSnapshotController controller;

  @BeforeAll
  static void start() {
    api = new MockApi();
    client = api.client;
    controller = new SimulatedSnapshotController(client);
    controller.start();
    client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("sim-sc").endMetadata()
        .withProvisioner("sim.csi.snapfork.dev").build()).create();
  }

  @AfterAll
  static void stop() {
    controller.close();
    api.close();
  }

  @AfterEach
  void clean() {
    client.resources(VolumeSnapshotClass.class).delete();
  }

  private static void vsc(String name, String driver, boolean isDefault) {
    VolumeSnapshotClass c = new VolumeSnapshotClass();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name);
    if (isDefault) {
      meta.withAnnotations(Map.of("snapshot.storage.kubernetes.io/is-default-class", "true"));
    }
    c.setMetadata(meta.build());
    c.setDriver(driver);
    c.setDeletionPolicy("Delete");
    client.resources(VolumeSnapshotClass.class).resource(c).create();
  }

  private static String classOfNewSnapshot(String pvc) {
    VolumeRef src = MockCluster.pvc(client, "default", pvc);
    CsiSnapshotProvider provider = CsiSnapshotProvider.builder().client(client).namespace("default")
        .cutTimeout(Duration.ofSeconds(10)).build();
    try {
      Snapshot s = provider.create(SnapshotRequest.builder(src).build());
      VolumeSnapshot vs = client.resources(VolumeSnapshot.class).inNamespace("default")
          .withName(s.id().substring("default/".length())).get();
      return vs.getSpec().getVolumeSnapshotClassName();
    } finally {
      controller.exclusive(provider::close);
    }
  }

  @Test
  void theDefaultClassOfThePvcsDriverIsUsedExplicitly() {
    vsc("other-driver-default", "other.csi.example.com", true);
    vsc("sim-plain", "sim.csi.snapfork.dev", false);
    vsc("sim-default", "sim.csi.snapfork.dev", true);
    assertThat(classOfNewSnapshot("with-default")).isEqualTo("sim-default");
  }

  @Test
  void withoutADefaultClassForTheDriverTheFieldStaysEmpty() {
    vsc("other-driver-default", "other.csi.example.com", true);
    vsc("sim-plain", "sim.csi.snapfork.dev", false);
    assertThat(classOfNewSnapshot("without-default")).isNull();
  }
}

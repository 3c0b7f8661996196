package dev.snapfork.csi;

import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.csi.internal.model.VolumeSnapshotClass;
import dev.snapfork.csi.internal.model.VolumeSnapshotContent;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** Fixture helpers over the CRUD-mode mock API server: CRD registration, namespaces, PVCs, classes. */
final class MockCluster {
  private MockCluster() {}

  static void registerCrds(KubernetesMockServer server) {
    server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(VolumeSnapshot.class));
    server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(VolumeSnapshotContent.class));
    server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(VolumeSnapshotClass.class));
  }

  static void namespace(KubernetesClient client, String ns) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).createOr(c -> c.update());
  }

  /** An unmanaged 1 GiB RWO PVC of storage class {@code sim-sc}. */
  static VolumeRef pvc(KubernetesClient client, String ns, String name) {
    client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", "db").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("sim-sc")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
        .build()).create();
    return VolumeRef.of(ns + "/" + name);
  }

  static void snapshotClass(KubernetesClient client, String name) {
    VolumeSnapshotClass c = new VolumeSnapshotClass();
    c.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    c.setDriver("sim.csi.snapfork.dev");
    c.setDeletionPolicy("Delete");
    client.resources(VolumeSnapshotClass.class).resource(c).create();
  }

  /** A pod in phase Running with a Ready condition and one container {@code mongod}. */
  static void runningPod(KubernetesClient client, String ns, String name, java.util.Map<String, String> labels) {
    client.pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("mongod").withImage("mongo:7").endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build()).create();
  }
}

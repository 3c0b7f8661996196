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

  /**
   * Serves {@code groupsnapshot.storage.k8s.io} at {@code versions} (the last one is registered as a
   * CRUD resource) and answers API discovery ({@code GET /apis}) with it.
   */
  static void registerGroupApi(KubernetesMockServer server, String... versions) {
    server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("groupsnapshot.storage.k8s.io")
        .withVersion(versions[versions.length - 1]).withKind("VolumeGroupSnapshot").withPlural("volumegroupsnapshots")
        .withScope("Namespaced").build());
    server.expect().get().withPath("/apis").andReturn(200, apis(versions)).always();
  }

  /** A discovery answer listing the snapshot API and, when versions are given, the group snapshot API. */
  static io.fabric8.kubernetes.api.model.APIGroupList apis(String... groupVersions) {
    var list = new io.fabric8.kubernetes.api.model.APIGroupListBuilder()
        .addNewGroup().withName("snapshot.storage.k8s.io").addNewVersion().withGroupVersion("snapshot.storage.k8s.io/v1")
        .withVersion("v1").endVersion().endGroup();
    if (groupVersions.length > 0) {
      var g = new io.fabric8.kubernetes.api.model.APIGroupBuilder().withName("groupsnapshot.storage.k8s.io");
      for (String v : groupVersions) {
        g.addNewVersion().withGroupVersion("groupsnapshot.storage.k8s.io/" + v).withVersion(v).endVersion();
      }
      list.addToGroups(g.build());
    }
    return list.build();
  }

  /** An unmanaged PVC like {@link #pvc(KubernetesClient, String, String)} with extra labels. */
  static VolumeRef pvc(KubernetesClient client, String ns, String name, java.util.Map<String, String> extraLabels) {
    client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", "db").addToLabels(extraLabels).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("sim-sc")
        .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
        .build()).create();
    return VolumeRef.of(ns + "/" + name);
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

package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.Calls;
import dev.snapfork.csi.internal.GroupApiDiscovery;
import dev.snapfork.csi.internal.model.VolumeSnapshot;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group snapshots against the CRUD mock serving {@code groupsnapshot.storage.k8s.io/v1beta1} (found
 * by discovery among v1alpha1 and v1beta1) with the simulated controller playing the group
 * snapshot controller.
 */
class CsiGroupSnapshotTest {
  private static final String VERSION = "v1beta1";
  private static MockApi api;
  private static KubernetesClient client;
  private static SimulatedSnapshotController controller;
  private CsiSnapshotProvider provider;

  @BeforeAll
  static void start() {
    api = new MockApi();
    client = api.client;
    MockCluster.registerGroupApi(api.server, "v1alpha1", VERSION);
    controller = new SimulatedSnapshotController(client);
    controller.start();
    controller.serveGroups(VERSION);
  }

  @AfterAll
  static void stop() {
    controller.close();
    api.close();
  }

  @BeforeEach
  void open() {
    provider = CsiSnapshotProvider.builder().client(client).namespace("default").cutTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterEach
  void close() {
    controller.exclusive(provider::close);
  }

  private static List<GenericKubernetesResource> groupsLabelled(String groupId) {
    return client.genericKubernetesResources(GroupApiDiscovery.context(VERSION)).inNamespace("default")
        .withLabel(Labels.GROUP_ID, groupId).list().getItems();
  }

  private static VolumeSnapshot object(Snapshot s) {
    return client.resources(VolumeSnapshot.class).inNamespace("default").withName(s.id().substring("default/".length())).get();
  }

  @Test
  void discoveryPicksTheMostPreferredServedVersionAndDeclaresTheCapability() {
    assertThat(provider.capabilities()).contains(Capability.NATIVE_GROUP);
    Calls calls = new Calls(Backoff.RETRY, 1);
    assertThat(new GroupApiDiscovery(client, calls).version()).contains(VERSION);
  }

  @Test
  void withoutTheGroupApiTheCapabilityIsAbsentAndCreateGroupIsUnsupported() {
    try (MockApi plain = new MockApi()) {
      plain.server.expect().get().withPath("/apis").andReturn(200, MockCluster.apis()).once();
      VolumeRef a = MockCluster.pvc(plain.client, "default", "a");
      try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(plain.client).namespace("default").build()) {
        assertThat(p.capabilities()).doesNotContain(Capability.NATIVE_GROUP).contains(Capability.CLONE);
        assertThatExceptionOfType(UnsupportedCapabilityException.class)
            .isThrownBy(() -> p.createGroup("g1", List.of(SnapshotRequest.of(a))))
            .satisfies(e -> assertThat(e.capability()).isEqualTo(Capability.NATIVE_GROUP));
      }
      plain.server.expect().get().withPath("/apis").andReturn(200, MockCluster.apis("v1alpha1", "v1beta1", "v1beta2")).once();
      assertThat(new GroupApiDiscovery(plain.client, new Calls(Backoff.RETRY, 1)).version()).contains("v1beta2");
    }
  }

  @Test
  void threePvcsAreCutThroughOneVolumeGroupSnapshotInRequestOrderWithoutTouchingTheSources() {
    Map<String, String> orders = Map.of("group", "orders");
    VolumeRef a = MockCluster.pvc(client, "default", "orders-a", orders);
    VolumeRef b = MockCluster.pvc(client, "default", "orders-b", orders);
    VolumeRef c = MockCluster.pvc(client, "default", "orders-c", orders);
    MockCluster.pvc(client, "default", "unrelated-1"); // shares app=db only
    Map<String, Map<String, String>> sourceLabelsBefore = Map.of(
        "orders-a", client.persistentVolumeClaims().inNamespace("default").withName("orders-a").get().getMetadata().getLabels(),
        "orders-b", client.persistentVolumeClaims().inNamespace("default").withName("orders-b").get().getMetadata().getLabels(),
        "orders-c", client.persistentVolumeClaims().inNamespace("default").withName("orders-c").get().getMetadata().getLabels());
    int groupsBefore = controller.groupsCut();
    List<SnapshotRequest> requests = List.of(SnapshotRequest.of(b), SnapshotRequest.of(c), SnapshotRequest.of(a));

    List<Snapshot> cut = provider.createGroup("orders-1", requests);

    assertThat(cut).extracting(Snapshot::source).containsExactly(b, c, a);
    assertThat(controller.groupsCut()).isEqualTo(groupsBefore + 1);
    List<GenericKubernetesResource> groups = groupsLabelled("orders-1");
    assertThat(groups).hasSize(1);
    GenericKubernetesResource group = groups.get(0);
    assertThat(group.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsEntry(Labels.REQUEST_ID, "orders-1");
    Map<String, String> selector = group.get("spec", "source", "selector", "matchLabels");
    assertThat(selector).isEqualTo(Map.of("app", "db", "group", "orders"));
    for (int i = 0; i < 3; i++) {
      Snapshot s = cut.get(i);
      assertThat(s.cutAt()).as("cut time").isNotNull();
      assertThat(s.labels()).containsEntry(Labels.GROUP_ID, "orders-1")
          .containsEntry(Labels.REQUEST_ID, requests.get(i).requestId())
          .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
      assertThat(object(s).getStatus().getVolumeGroupSnapshotName()).isEqualTo(group.getMetadata().getName());
    }
    sourceLabelsBefore.forEach((pvc, labels) -> assertThat(
        client.persistentVolumeClaims().inNamespace("default").withName(pvc).get().getMetadata().getLabels())
        .as("labels of source %s", pvc).isEqualTo(labels));

    List<Snapshot> retry = provider.createGroup("orders-1", requests);
    assertThat(retry).extracting(Snapshot::id).containsExactlyElementsOf(cut.stream().map(Snapshot::id).toList());
    assertThat(groupsLabelled("orders-1")).hasSize(1);
    assertThat(controller.groupsCut()).isEqualTo(groupsBefore + 1);
  }

  @Test
  void theOrchestratorCutsAGroupThroughOneVolumeGroupSnapshot() {
    Map<String, String> l = Map.of("group", "orch");
    VolumeRef a = MockCluster.pvc(client, "default", "orch-a", l);
    VolumeRef b = MockCluster.pvc(client, "default", "orch-b", l);
    int groupsBefore = controller.groupsCut();
    try (dev.snapfork.Snapshotter snapshotter = dev.snapfork.Snapshotter.builder(provider)
        .cutTimeout(Duration.ofSeconds(10)).readyTimeout(Duration.ofSeconds(10)).build()) {
      dev.snapfork.SnapshotResult result = snapshotter.snapshotGroup(List.of(SnapshotRequest.of(a), SnapshotRequest.of(b)));
      assertThat(result.snapshots()).extracting(Snapshot::source).containsExactly(a, b);
      assertThat(controller.groupsCut()).isEqualTo(groupsBefore + 1);
      String groupId = result.snapshots().get(0).labels().get(Labels.GROUP_ID);
      assertThat(groupsLabelled(groupId)).hasSize(1);
    }
  }

  @Test
  void withoutAnExactlyMatchingSelectorTheMembersAreCutIndividually() {
    VolumeRef a = MockCluster.pvc(client, "default", "loose-a");
    VolumeRef b = MockCluster.pvc(client, "default", "loose-b");
    MockCluster.pvc(client, "default", "loose-c"); // app=db matches three, only two requested
    int groupsBefore = controller.groupsCut();

    List<Snapshot> cut = provider.createGroup("loose-1", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b)));

    assertThat(cut).extracting(Snapshot::source).containsExactly(a, b);
    assertThat(groupsLabelled("loose-1")).isEmpty();
    assertThat(controller.groupsCut()).isEqualTo(groupsBefore);
    for (Snapshot s : cut) {
      assertThat(s.labels()).containsEntry(Labels.GROUP_ID, "loose-1");
      assertThat(s.cutAt()).isNotNull();
      assertThat(object(s).getStatus().getVolumeGroupSnapshotName()).isNull();
    }
  }

  @Test
  void aConfiguredSelectorIsUsedWhenItMatchesExactly() {
    VolumeRef a = MockCluster.pvc(client, "default", "cfg-a", Map.of("tier", "cache", "zone", "a"));
    VolumeRef b = MockCluster.pvc(client, "default", "cfg-b", Map.of("tier", "cache", "zone", "b"));
    try (CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(client).namespace("default")
        .groupSelector("tier=cache").cutTimeout(Duration.ofSeconds(10)).build()) {
      List<Snapshot> cut = p.createGroup("cfg-1", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b)));
      assertThat(cut).extracting(Snapshot::source).containsExactly(a, b);
      Map<String, String> selector = groupsLabelled("cfg-1").get(0).get("spec", "source", "selector", "matchLabels");
      assertThat(selector).isEqualTo(Map.of("tier", "cache"));
    }
  }

  @Test
  void deletingTheLastMemberDeletesTheGroupObject() {
    Map<String, String> l = Map.of("group", "del");
    VolumeRef a = MockCluster.pvc(client, "default", "del-a", l);
    VolumeRef b = MockCluster.pvc(client, "default", "del-b", l);
    List<Snapshot> cut = provider.createGroup("del-1", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b)));
    assertThat(groupsLabelled("del-1")).hasSize(1);

    assertThat(provider.delete(cut.get(0).id())).isTrue();
    assertThat(groupsLabelled("del-1")).as("group kept while a member remains").hasSize(1);
    assertThat(provider.delete(cut.get(1).id())).isTrue();
    assertThat(groupsLabelled("del-1")).as("group deleted with its last member").isEmpty();
    assertThat(provider.delete(cut.get(1).id())).isFalse();
  }

  @Test
  void aFailedGroupCutIsABackendFailure() {
    Map<String, String> l = Map.of("group", "failing", SimulatedSnapshotController.BEHAVIOR, "fail-group");
    VolumeRef a = MockCluster.pvc(client, "default", "fail-a", l);
    VolumeRef b = MockCluster.pvc(client, "default", "fail-b", l);
    // The behaviour label is part of the derived selector, which the simulated controller reads.
    assertThatExceptionOfType(BackendFailureException.class)
        .isThrownBy(() -> provider.createGroup("fail-1", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b))))
        .withMessageContaining("group cut failed");
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    VolumeRef a = VolumeRef.of("default/x-a");
    VolumeRef b = VolumeRef.of("default/x-b");
    int before = api.server.getRequestCount();
    expectInvalid("requests", () -> provider.createGroup("g", List.of()));
    expectInvalid("requests", () -> provider.createGroup("g", null));
    expectInvalid("groupId", () -> provider.createGroup(" ", List.of(SnapshotRequest.of(a))));
    expectInvalid("groupId", () -> provider.createGroup("not a label value!", List.of(SnapshotRequest.of(a))));
    expectInvalid("requests[2].source",
        () -> provider.createGroup("g", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b), SnapshotRequest.of(a))));
    expectInvalid("requests[1].requestId", () -> provider.createGroup("g", List.of(
        SnapshotRequest.builder(a).requestId("same").build(), SnapshotRequest.builder(b).requestId("same").build())));
    expectInvalid("requests[0].source (name part)", () -> provider.createGroup("g", List.of(SnapshotRequest.of(VolumeRef.of("default/Not_DNS")))));
    assertThat(api.server.getRequestCount()).as("requests made for bad input").isEqualTo(before);
  }

  private static void expectInvalid(String field, Supplier<?> call) {
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(call::get)
        .satisfies(e -> assertThat(e.field()).isEqualTo(field));
  }
}

package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConfigurationException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.ConfigView;
import dev.snapfork.csi.internal.CsiProviderFactory;
import dev.snapfork.csi.internal.exec.KubernetesExecHookFactory;
import dev.snapfork.csi.internal.model.VolumeSnapshotContent;
import dev.snapfork.spi.ConsistencyHookFactory;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting snapshots whose content is retained, and discovery / configuration of the provider and hook. */
class CsiRetainAndFactoryTest {
  private static MockApi api;
  private static SimulatedSnapshotController controller;

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

  private static String contentOf(Snapshot s) {
    return s.attributes().get("csi.volumeSnapshotContentName");
  }

  @Test
  void retainedContentIsDeletedOnlyWhenManaged() {
    VolumeRef pvc = MockCluster.pvc(api.client, "default", "retain-data");
    CsiSnapshotProvider p = CsiSnapshotProvider.builder().client(api.client).namespace("default").cutTimeout(Duration.ofSeconds(10)).build();
    try {
      Snapshot foreign = p.awaitReady(p.create(SnapshotRequest.builder(pvc).label(SimulatedSnapshotController.BEHAVIOR, "retain").build()).id(),
          Duration.ofSeconds(10));
      Snapshot ours = p.awaitReady(p.create(SnapshotRequest.builder(pvc).label(SimulatedSnapshotController.BEHAVIOR, "retain-managed").build()).id(),
          Duration.ofSeconds(10));
      assertThat(contentOf(foreign)).isNotNull();
      assertThat(contentOf(ours)).isNotNull();
      assertThat(p.delete(foreign.id())).isTrue();
      assertThat(p.delete(ours.id())).isTrue();
      assertThat(api.client.resources(VolumeSnapshotContent.class).withName(contentOf(foreign)).get())
          .as("retained content not owned by Snapfork is kept").isNotNull();
      assertThat(api.client.resources(VolumeSnapshotContent.class).withName(contentOf(ours)).get())
          .as("retained content owned by Snapfork is deleted").isNull();
    } finally {
      controller.exclusive(p::close);
    }
  }

  @Test
  void providerAndHookAreDiscoveredByName() {
    assertThat(ServiceLoader.load(SnapshotProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("csi")).toList()).hasSize(1);
    assertThat(ServiceLoader.load(ConsistencyHookFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("kubernetes-exec")).toList()).hasSize(1);
  }

  @Test
  void badConfigurationNamesTheKey() {
    CsiProviderFactory f = new CsiProviderFactory();
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("namespace", "Prod_NS", "kubeconfig", kubeconfig()))))
        .satisfies(e -> assertThat(e.getMessage()).contains("snapfork.csi.namespace"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("kubeconfig", "/nonexistent/kubeconfig"))))
        .satisfies(e -> assertThat(e.getMessage()).contains("snapfork.csi.kubeconfig"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> new KubernetesExecHookFactory().create(ConfigView.of("snapfork.hook.kubernetes-exec.",
            Map.of("pod", "mongo-0", "quiesce-command", "true"))))
        .satisfies(e -> assertThat(e.getMessage()).contains("snapfork.hook.kubernetes-exec.release-command"));
  }

  @Test
  void configurationErrorsNameTheFullKeyOnce() {
    CsiProviderFactory f = new CsiProviderFactory();
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("kubeconfig", "/nonexistent/kubeconfig"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.csi.kubeconfig"))
        .satisfies(e -> assertThat(e.getMessage()).startsWith("snapfork.csi.kubeconfig: ").doesNotContain("snapfork.csi.snapfork"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("namespace", "Prod_NS", "kubeconfig", kubeconfig()))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.csi.namespace"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("cut-timeout", "soon", "kubeconfig", kubeconfig()))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.csi.cut-timeout"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> f.create(ConfigView.of("snapfork.csi.", Map.of("group-selector", "no equals", "kubeconfig", kubeconfig()))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.csi.group-selector"));
  }

  @Test
  void configuredProviderTalksToTheClusterInTheKubeconfig() {
    MockCluster.pvc(api.client, "default", "from-config");
    try (var p = new CsiProviderFactory().create(ConfigView.of("snapfork.csi.", Map.of("kubeconfig", kubeconfig(), "namespace", "default")))) {
      assertThat(p.name()).isEqualTo("csi");
      assertThat(p.getVolume(VolumeRef.of("from-config")).ref()).isEqualTo(VolumeRef.of("default/from-config"));
    }
  }

  /** A kubeconfig file pointing at the mock server. */
  private static String kubeconfig() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("snapfork-kubeconfig", ".yaml");
      file.toFile().deleteOnExit();
      java.nio.file.Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
          + api.client.getMasterUrl() + "\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n    user: u\n"
          + "current-context: mock\nusers:\n- name: u\n  user: {}\n");
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.snapfork.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.ConfigurationException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.config.ConfigView;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The {@code memory} factory is registered, never auto-selected, and reads its keys. */
class InMemoryProviderFactoryTest {

  private static SnapshotProviderFactory memoryFactory() {
    return ServiceLoader.load(SnapshotProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("memory"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no 'memory' SnapshotProviderFactory registered"));
  }

  @Test
  void isRegisteredAndNotAutoSelectable() {
    SnapshotProviderFactory f = memoryFactory();
    assertThat(f.autoSelectable()).isFalse();
    assertThat(f.configKeys()).contains("cut-latency", "ready-latency", "native-group");
  }

  @Test
  void readsLatencyAndGroupKeys() {
    ConfigView config = ConfigView.of("snapfork.memory.", Map.of("ready-latency", "1h", "native-group", "true"));
    try (SnapshotProvider p = memoryFactory().create(config)) {
      InMemorySnapshotProvider memory = (InMemorySnapshotProvider) p;
      assertThat(p.supports(Capability.NATIVE_GROUP)).isTrue();
      Snapshot s = p.create(SnapshotRequest.of(memory.createSourceVolume("src")));
      assertThat(s.state()).as("with a one-hour ready latency").isEqualTo(SnapshotState.PENDING);
    }
  }

  @Test
  void rejectsUnknownAndMalformedKeys() {
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> memoryFactory().create(ConfigView.of("snapfork.memory.", Map.of("redy-latency", "1s"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.memory.redy-latency"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> memoryFactory().create(ConfigView.of("snapfork.memory.", Map.of("cut-latency", "soon"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.memory.cut-latency"));
  }
}

package dev.snapfork.testkit.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.spi.SnapshotProviderFactory;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import java.util.Set;

/**
 * Creates the {@code memory} provider from {@code snapfork.memory.cut-latency},
 * {@code snapfork.memory.ready-latency} (positive durations; absent means none) and
 * {@code snapfork.memory.native-group} (boolean). Never auto-selected: name it with
 * {@code snapfork.provider=memory}.
 */
public final class InMemoryProviderFactory implements SnapshotProviderFactory {
  static final Set<String> KEYS = Set.of("cut-latency", "ready-latency", "native-group");

  @Override
  public String name() {
    return InMemorySnapshotProvider.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return KEYS;
  }

  @Override
  public boolean autoSelectable() {
    return false;
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    for (String key : config.keys()) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException(config.fullKey(key), "is not a key of the memory provider; known keys: "
            + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    InMemorySnapshotProvider.Builder b = InMemorySnapshotProvider.builder();
    config.duration("cut-latency").ifPresent(b::cutLatency);
    config.duration("ready-latency").ifPresent(b::readyLatency);
    b.nativeGroup(config.bool("native-group", false));
    return b.build();
  }
}

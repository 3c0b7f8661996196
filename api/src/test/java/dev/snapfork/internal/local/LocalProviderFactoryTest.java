package dev.snapfork.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.local.CopyMode;
import dev.snapfork.local.LocalSnapshotProvider;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProviderFactoryTest {
  @TempDir Path root;

  private static SnapshotProviderFactory loadLocal() {
    return ServiceLoader.load(SnapshotProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("local"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("local factory not registered in META-INF/services"));
  }

  @Test
  void foundByServiceLoaderAndNotAutoSelectable() {
    SnapshotProviderFactory f = loadLocal();
    assertThat(f).isInstanceOf(LocalProviderFactory.class);
    assertThat(f.autoSelectable()).isFalse();
    assertThat(f.configKeys()).containsExactlyInAnyOrder("root", "copy-mode");
  }

  @Test
  void createsTheProviderFromConfig() {
    ConfigView config = ConfigView.of("snapfork.local.", Map.of("root", root.toString(), "copy-mode", "copy"));
    try (SnapshotProvider p = loadLocal().create(config)) {
      assertThat(p).isInstanceOf(LocalSnapshotProvider.class);
      assertThat(p.name()).isEqualTo("local");
      assertThat(((LocalSnapshotProvider) p).copyMethod()).isEqualTo(CopyMode.COPY);
      ((LocalSnapshotProvider) p).createEmptyVolume("v");
    }
    assertThat(root.resolve("volumes/v")).isDirectory();
  }

  @Test
  void rejectsUnknownKeysAndBadValuesNamingTheKey() {
    ConfigView typo = ConfigView.of("snapfork.local.", Map.of("roots", root.toString()));
    assertThatThrownBy(() -> loadLocal().create(typo))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.local.roots"));
    ConfigView badMode = ConfigView.of("snapfork.local.", Map.of("root", root.toString(), "copy-mode", "hardlink"));
    assertThatThrownBy(() -> loadLocal().create(badMode))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.local.copy-mode"));
  }

  @Test
  void reflinkOnAFileSystemWithoutItNamesTheCopyModeKey() {
    try (LocalSnapshotProvider auto = LocalSnapshotProvider.open(root)) {
      if (auto.copyMethod() == CopyMode.REFLINK) {
        return; // this file system has reflink; nothing to refuse
      }
    }
    ConfigView reflink = ConfigView.of("snapfork.local.", Map.of("root", root.toString(), "copy-mode", "reflink"));
    assertThatThrownBy(() -> loadLocal().create(reflink))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.local.copy-mode"));
  }
}

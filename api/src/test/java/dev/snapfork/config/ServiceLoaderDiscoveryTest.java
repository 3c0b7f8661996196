package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceLoader discovery through a class loader that sees a generated services file only. */
class ServiceLoaderDiscoveryTest {
  @TempDir Path dir;

  private URLClassLoader loaderRegistering(String className) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(SnapshotProviderFactory.class.getName()), "# test\n" + className + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  @Test
  void factoriesRegisteredInMetaInfServicesAreFoundAndUsed() throws Exception {
    try (URLClassLoader loader = loaderRegistering(Fakes.RegisteredProviderFactory.class.getName())) {
      // The built-in local provider is registered too; the auto-selectable one wins over it.
      assertThat(Providers.available(loader)).extracting(SnapshotProviderFactory::name).containsExactlyInAnyOrder("registered", "local");
      SnapforkConfig c = SnapforkConfig.builder().systemProperties(Map.of()).environment(Map.of())
          .classLoader(loader).set("snapfork.registered.endpoint", "e").build();
      assertThat(c.providerFactories()).extracting(SnapshotProviderFactory::name).containsExactlyInAnyOrder("registered", "local");
      assertThat(Providers.load(c).name()).isEqualTo("registered");
    }
  }

  @Test
  void aBrokenRegistrationIsAConfigurationError() throws Exception {
    try (URLClassLoader loader = loaderRegistering("dev.snapfork.NoSuchFactory")) {
      assertThatThrownBy(() -> Providers.available(loader))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("could not load SnapshotProviderFactory implementations");
    }
  }
}

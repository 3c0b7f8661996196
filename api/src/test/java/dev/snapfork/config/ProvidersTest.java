package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.Fakes.FakeProvider;
import dev.snapfork.config.Fakes.FakeProviderFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {
  private final FakeProviderFactory local = new FakeProviderFactory("local", false, "root");
  private final FakeProviderFactory px = new FakeProviderFactory("portworx", true, "endpoint");
  private final FakeProviderFactory csi = new FakeProviderFactory("csi", true, "namespace");
  private final FakeProviderFactory manual = new FakeProviderFactory("manual", false);

  private static SnapforkConfig config(Map<String, String> values, FakeProviderFactory... factories) {
    return Fakes.isolated().providerFactories(factories).setAll(values).build();
  }

  @Test
  void explicitProviderWinsOverAutoSelection() {
    SnapshotProvider p = Providers.load(config(Map.of("snapfork.provider", "manual"), local, px, manual));
    assertThat(p.name()).isEqualTo("manual");
    assertThat(px.created).hasValue(0);
  }

  @Test
  void theProviderGetsItsOwnKeys() {
    SnapshotProvider p = Providers.load(config(Map.of("snapfork.portworx.endpoint", "px:1"), local, px));
    assertThat(((FakeProvider) p).config().prefix()).isEqualTo("snapfork.portworx.");
    assertThat(((FakeProvider) p).config().string("endpoint")).contains("px:1");
  }

  @Test
  void exactlyOneAutoSelectableIsPicked() {
    assertThat(Providers.load(config(Map.of(), local, manual, px)).name()).isEqualTo("portworx");
  }

  @Test
  void severalAutoSelectableIsAnErrorAskingForTheKey() {
    assertThatThrownBy(() -> Providers.load(config(Map.of(), local, px, csi)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.provider"))
        .hasMessageContaining("several providers are on the class path (portworx, csi)")
        .hasMessageContaining("set snapfork.provider");
  }

  @Test
  void noneAutoSelectableFallsBackToLocal() {
    assertThat(Providers.load(config(Map.of(), manual, local)).name()).isEqualTo("local");
    assertThat(local.created).hasValue(1);
  }

  @Test
  void noProviderAtAllNamesBackendArtifacts() {
    assertThatThrownBy(() -> Providers.load(config(Map.of(), manual)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no provider is on the class path")
        .hasMessageContaining("dev.snapfork:snapfork-ebs");
  }

  @Test
  void explicitUnknownProviderNamesArtifactAndAvailable() {
    assertThatThrownBy(() -> Providers.load(config(Map.of("snapfork.provider", "ebs"), local, px)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("snapfork.provider: no provider named 'ebs' is on the class path (from code); "
            + "add the artifact dev.snapfork:snapfork-ebs; available providers: local, portworx");
  }

  @Test
  void explicitListOverloadChoosesAmongGivenFactories() {
    SnapforkConfig c = config(Map.of());
    assertThat(Providers.load(c, List.of(local, csi)).name()).isEqualTo("csi");
    assertThat(Providers.select(c, List.of(local))).isSameAs(local);
  }

  @Test
  void duplicateNamesAreAnError() {
    SnapforkConfig c = config(Map.of());
    assertThatThrownBy(() -> Providers.load(c, List.of(px, new FakeProviderFactory("portworx", true))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two provider factories are named 'portworx'");
  }

  @Test
  void factoryFailureIsAConfigurationErrorNamingTheProvider() {
    FakeProviderFactory broken = new FakeProviderFactory("broken", true) {
      @Override
      public SnapshotProvider create(ConfigView config) {
        throw new IllegalStateException("boom");
      }
    };
    assertThatThrownBy(() -> Providers.load(config(Map.of(), broken)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("provider 'broken' could not be created")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }
}

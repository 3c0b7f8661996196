package dev.snapfork.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.Fakes;
import dev.snapfork.config.Fakes.FakeHookFactory;
import dev.snapfork.config.Fakes.FakeProviderFactory;
import dev.snapfork.config.SnapforkConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapforkModuleTest {
  private final FakeProviderFactory px = new FakeProviderFactory("portworx", true, "endpoint");
  private final FakeProviderFactory local = new FakeProviderFactory("local", false);

  private SnapforkConfig config(String provider, String hooks) {
    return Fakes.isolated()
        .providerFactories(px, local)
        .hookFactories(new FakeHookFactory("mongo", "uri"), new FakeHookFactory("exec"), new FakeHookFactory("unused"))
        .set("snapfork.provider", provider)
        .set("snapfork.hooks", hooks)
        .build();
  }

  @Test
  void providesConfiguredProviderAndHooksAsSingletons() {
    SnapforkConfig config = config("local", "exec,mongo");
    Injector injector = Guice.createInjector(new SnapforkModule(config));

    SnapshotProvider provider = injector.getInstance(SnapshotProvider.class);
    assertThat(provider.name()).isEqualTo("local");
    assertThat(injector.getInstance(SnapshotProvider.class)).isSameAs(provider);
    assertThat(px.created).hasValue(0);
    assertThat(local.created).hasValue(1);

    List<ConsistencyHook> hooks = injector.getInstance(SnapforkModule.HOOKS);
    assertThat(hooks).extracting(ConsistencyHook::name).containsExactly("exec", "mongo");
    assertThat(injector.getInstance(SnapforkModule.HOOKS)).isSameAs(hooks);
    assertThat(injector.getInstance(SnapforkConfig.class)).isSameAs(config);
  }

  @Test
  void otherConfigurationOtherBindings() {
    Injector injector = Guice.createInjector(new SnapforkModule(config("portworx", "mongo")));
    assertThat(injector.getInstance(SnapshotProvider.class).name()).isEqualTo("portworx");
    assertThat(injector.getInstance(SnapforkModule.HOOKS)).extracting(ConsistencyHook::name).containsExactly("mongo");
  }

  @Test
  void discoveryErrorsSurfaceWithTheirMessage() {
    Injector injector = Guice.createInjector(new SnapforkModule(config("ebs", "")));
    assertThatThrownBy(() -> injector.getInstance(SnapshotProvider.class))
        .isInstanceOf(ProvisionException.class)
        .hasCauseInstanceOf(ConfigurationException.class)
        .hasMessageContaining("dev.snapfork:snapfork-ebs");
  }

  @Test
  void providesTheOrchestratorOverTheSameProviderAndHooks() {
    SnapforkConfig config = Fakes.isolated()
        .providerFactories(px, local)
        .hookFactories(new FakeHookFactory("exec"))
        .set("snapfork.provider", "local")
        .set("snapfork.hooks", "exec")
        .set("snapfork.max-freeze", "bogus")
        .build();
    Injector bad = Guice.createInjector(new SnapforkModule(config));
    assertThatThrownBy(() -> bad.getInstance(dev.snapfork.Snapshotter.class))
        .isInstanceOf(ProvisionException.class).hasMessageContaining("snapfork.max-freeze");

    Injector injector = Guice.createInjector(new SnapforkModule(config("local", "exec")));
    try (dev.snapfork.Snapshotter snapshotter = injector.getInstance(dev.snapfork.Snapshotter.class)) {
      assertThat(snapshotter.provider()).isSameAs(injector.getInstance(SnapshotProvider.class));
      assertThat(snapshotter.hooks()).isEqualTo(injector.getInstance(SnapforkModule.HOOKS));
      assertThat(injector.getInstance(dev.snapfork.Snapshotter.class)).isSameAs(snapshotter);
    }
  }
}

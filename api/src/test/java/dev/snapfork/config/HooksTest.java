package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.Fakes.FakeHook;
import dev.snapfork.config.Fakes.FakeHookFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HooksTest {
  private final FakeHookFactory mongo = new FakeHookFactory("mongo", "uri");
  private final FakeHookFactory mysql = new FakeHookFactory("mysql", "url");
  private final FakeHookFactory exec = new FakeHookFactory("exec", "command");

  private SnapforkConfig config(Map<String, String> values) {
    return Fakes.isolated().hookFactories(mongo, mysql, exec).setAll(values).build();
  }

  @Test
  void hooksAreCreatedInListedOrder() {
    List<ConsistencyHook> hooks = Hooks.load(config(Map.of("snapfork.hooks", "exec, mongo")));
    assertThat(hooks).extracting(ConsistencyHook::name).containsExactly("exec", "mongo");
    List<ConsistencyHook> reversed = Hooks.load(config(Map.of("snapfork.hooks", "mongo,exec")));
    assertThat(reversed).extracting(ConsistencyHook::name).containsExactly("mongo", "exec");
  }

  @Test
  void unlistedHooksAreNotCreated() {
    Hooks.load(config(Map.of("snapfork.hooks", "mongo")));
    assertThat(mongo.created).hasValue(1);
    assertThat(mysql.created).hasValue(0);
    assertThat(exec.created).hasValue(0);
  }

  @Test
  void noHooksKeyMeansNoHooks() {
    assertThat(Hooks.load(config(Map.of()))).isEmpty();
  }

  @Test
  void eachHookGetsItsOwnKeys() {
    List<ConsistencyHook> hooks = Hooks.load(config(Map.of("snapfork.hooks", "mongo", "snapfork.hook.mongo.uri", "mongodb://db")));
    assertThat(((FakeHook) hooks.get(0)).config().string("uri")).contains("mongodb://db");
  }

  @Test
  void missingHookNamesTheArtifact() {
    assertThatThrownBy(() -> Hooks.load(Fakes.isolated().hookFactories(exec).set("snapfork.hooks", "exec,mongo").build()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hooks"))
        .hasMessageContaining("no hook named 'mongo' is on the class path (from code)")
        .hasMessageContaining("add the artifact dev.snapfork:snapfork-mongo-consistency")
        .hasMessageContaining("available hooks: exec");
    assertThat(exec.created).as("nothing is created when a name is missing").hasValue(0);
  }

  @Test
  void hookListedTwiceIsAnError() {
    assertThatThrownBy(() -> Hooks.load(config(Map.of("snapfork.hooks", "mongo,mongo"))))
        .hasMessageContaining("hook 'mongo' is listed twice");
  }
}

package dev.snapfork.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.config.Fakes.FakeHookFactory;
import dev.snapfork.config.Fakes.FakeProviderFactory;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {
  private final SnapforkConfig config = Fakes.isolated()
      .providerFactories(new FakeProviderFactory("px", true, Set.of("endpoint", "auth-token", "key"), Set.of("key")))
      .hookFactories(new FakeHookFactory("mongo", "uri", "password"))
      .set("snapfork.px.endpoint", "https://admin:hunter2@px:9020")
      .set("snapfork.px.auth-token", "tok-SECRET1")
      .set("snapfork.px.key", "factory-marked-SECRET2")
      .set("snapfork.hook.mongo.uri", "mongodb://u:SECRET3@db")
      .environment(Map.of("SNAPFORK_HOOK_MONGO_PASSWORD", "SECRET4"))
      .build();

  @Test
  void secretsAreFlagged() {
    assertThat(config.lookup("snapfork.px.auth-token").orElseThrow().secret()).isTrue();
    assertThat(config.lookup("snapfork.px.key").orElseThrow().secret()).isTrue();
    assertThat(config.lookup("snapfork.hook.mongo.uri").orElseThrow().secret()).isTrue();
    assertThat(config.lookup("snapfork.hook.mongo.password").orElseThrow().secret()).isTrue();
    assertThat(config.lookup("snapfork.px.endpoint").orElseThrow().secret()).isFalse();
  }

  @Test
  void describeAndToStringMaskEverySecret() {
    for (String shown : new String[] {config.describe(), config.toString(), config.values().toString()}) {
      assertThat(shown).doesNotContain("SECRET").doesNotContain("hunter2").contains("****");
    }
    assertThat(config.describe()).contains("snapfork.px.endpoint").contains("https://admin:****@px:9020")
        .contains("environment variable SNAPFORK_HOOK_MONGO_PASSWORD");
  }

  @Test
  void rawValuesStayReadable() {
    assertThat(config.get("snapfork.px.auth-token")).contains("tok-SECRET1");
    assertThat(config.provider("px").secret("key").orElseThrow().reveal()).isEqualTo("factory-marked-SECRET2");
  }
}

package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.ConfigView;
import dev.snapfork.config.Hooks;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The {@code mongo} hook through configuration and ServiceLoader discovery. */
class FactoryTest {
  private static ConsistencyHookFactory factory() {
    return ServiceLoader.load(ConsistencyHookFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("mongo")).findFirst().orElseThrow();
  }

  @Test
  void isDiscoveredAndMarksTheConnectionStringSecret() {
    ConsistencyHookFactory f = factory();
    assertThat(f.configKeys()).contains("connection-string", "member", "member-preference", "join-existing-lock", "acquisition-timeout",
        "connect-timeout", "release-timeout", "retry-delay", "ledger-dir", "session-idle-timeout");
    assertThat(f.secretKeys()).containsExactly("connection-string");
  }

  @Test
  void configuredThroughSnapforkKeysWithTheSecretMasked() {
    SnapforkConfig config = SnapforkConfig.builder()
        .set("snapfork.hooks", "mongo")
        .set("snapfork.hook.mongo.connection-string", "mongodb://snap:pa55word@db.example:27017/")
        .set("snapfork.hook.mongo.release-timeout", "5s")
        .set("snapfork.hook.mongo.join-existing-lock", "true")
        .set("snapfork.hook.mongo.session-idle-timeout", "0s")
        .build();
    List<ConsistencyHook> hooks = Hooks.load(config);
    assertThat(hooks).singleElement().isInstanceOfSatisfying(MongoConsistencyHook.class, h -> {
      assertThat(h.settings().joinExistingLock()).isTrue();
      assertThat(h.settings().releaseTimeout()).hasSeconds(5);
      assertThat(h.settings().sessionIdleTimeout()).isZero();
    });
    assertThat(config.describe()).doesNotContain("pa55word");
    assertThat(config.toString()).doesNotContain("pa55word");
  }

  @Test
  void badValuesNameTheFullKey() {
    ConsistencyHookFactory f = factory();
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of())))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.connection-string"));
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of("connection-string", "mongodb://a:1/", "connect-timeout", "-5s"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.connect-timeout"));
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of("connection-string", "mongodb://a:1/", "session-idle-timeout", "-1s"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.session-idle-timeout"));
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of("connection-string", "mongodb://a:1,b:2/"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.member"));
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of("connection-string", "mongodb://a:1/", "member-preference", "primary"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.member-preference"));
    assertThatThrownBy(() -> f.create(ConfigView.of("snapfork.hook.mongo.", Map.of("connection-string", "nope://x"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.field()).isEqualTo("snapfork.hook.mongo.connection-string"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("nope://x"));
  }

  @Test
  void unknownKeysUnderThePrefixAreReported() {
    SnapforkConfig.Builder b = SnapforkConfig.builder()
        .set("snapfork.hooks", "mongo")
        .set("snapfork.hook.mongo.connection-string", "mongodb://a:1/")
        .set("snapfork.hook.mongo.conection-timeout", "5s");
    assertThatThrownBy(() -> Hooks.load(b.build())).isInstanceOf(ConfigurationException.class).hasMessageContaining("conection-timeout");
  }
}

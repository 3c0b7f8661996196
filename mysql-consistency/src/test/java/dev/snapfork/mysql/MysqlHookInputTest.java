package dev.snapfork.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import dev.snapfork.config.ConfigView;
import dev.snapfork.config.Secret;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is rejected before any connection; secrets never shown; discovery. No server needed. */
class MysqlHookInputTest {
  private static final String SECRET = "s3cr3t-Pa55";

  private static ConsistencyHookFactory factory() {
    return ServiceLoader.load(ConsistencyHookFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("mysql")).findFirst().orElseThrow();
  }

  private static ConsistencyHook create(Map<String, String> values) {
    return factory().create(ConfigView.of("snapfork.hook.mysql.", values));
  }

  @ParameterizedTest
  @ValueSource(strings = {"mysql://h:3306/db", "jdbc:postgresql://h/db", "jdbc:mariadb://", "jdbc:mariadb://h:0/db",
      "jdbc:mariadb://h:70000/db", "jdbc:mariadb://h:port/db", "jdbc:mariadb://h_1/db", "jdbc:mariadb://a,b/db"})
  void malformedUrlsAreRejectedNamingTheKey(String url) {
    assertThatThrownBy(() -> create(Map.of("url", url)))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("snapfork.hook.mysql.url"));
  }

  @Test
  void credentialsInTheUrlAreRejectedWithoutEchoingThem() {
    for (String url : List.of("jdbc:mariadb://app:" + SECRET + "@h:3306/db", "jdbc:mysql://h:3306/db?user=app&password=" + SECRET)) {
      assertThatThrownBy(() -> create(Map.of("url", url)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("credentials")
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void missingUrlIsNamed() {
    assertThatThrownBy(() -> create(Map.of("user", "app")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("snapfork.hook.mysql.url");
  }

  @Test
  void unknownModeIsRejectedListingTheModes() {
    assertThatThrownBy(() -> create(Map.of("url", "jdbc:mariadb://h:3306/db", "mode", "snapshot-lock")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("snapfork.hook.mysql.mode")
        .hasMessageContaining("global-read-lock, backup-lock");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "0s", "soon"})
  void badLockWaitTimeoutsAreRejected(String value) {
    assertThatThrownBy(() -> create(Map.of("url", "jdbc:mariadb://h:3306/db", "lock-wait-timeout", value)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapfork.hook.mysql.lock-wait-timeout");
  }

  @Test
  void builderRejectsNegativeTimeoutAndBlankUser() {
    assertThatThrownBy(() -> MysqlHook.builder("jdbc:mariadb://h/db").lockWaitTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("lockWaitTimeout");
    assertThatThrownBy(() -> MysqlHook.builder("jdbc:mariadb://h/db").user(" "))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("user");
  }

  @Test
  void badInputIsRejectedBeforeAnyConnection() throws IOException {
    // A listener that counts connection attempts: building with bad input must never reach it.
    try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      AtomicInteger accepted = new AtomicInteger();
      Thread t = new Thread(() -> {
        try {
          while (true) {
            server.accept().close();
            accepted.incrementAndGet();
          }
        } catch (IOException closed) {
          // server closed
        }
      });
      t.setDaemon(true);
      t.start();
      String base = "jdbc:mariadb://127.0.0.1:" + server.getLocalPort() + "/db";
      assertThatThrownBy(() -> create(Map.of("url", base, "mode", "nope"))).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> create(Map.of("url", base, "lock-wait-timeout", "-1s"))).isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> create(Map.of("url", base + "?password=x"))).isInstanceOf(InvalidRequestException.class);
      assertThat(accepted.get()).isZero();
    }
  }

  @Test
  void passwordIsSecretAndNeverShown() {
    assertThat(factory().secretKeys()).contains("password");
    ConsistencyHook hook = create(Map.of("url", "jdbc:mariadb://127.0.0.1:3306/db", "user", "app", "password", SECRET,
        "mode", "backup-lock", "lock-wait-timeout", "3s"));
    assertThat(hook.toString()).doesNotContain(SECRET).contains("password=****").contains("backup-lock");
    assertThat(((MysqlHook) hook).lockWaitTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void unreachableServerIsRetryableAndDoesNotPrintThePassword() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    MysqlHook hook = MysqlHook.builder("jdbc:mariadb://127.0.0.1:" + port + "/db").user("app").password(Secret.of(SECRET)).build();
    AtomicReference<SnapshotException> thrown = new AtomicReference<>();
    assertThatThrownBy(() -> hook.quiesce(new QuiesceContext("r1", List.of(), Duration.ofSeconds(2))))
        .isInstanceOf(UnavailableException.class)
        .satisfies(e -> thrown.set((SnapshotException) e));
    assertThat(thrown.get().retryable()).isTrue();
    assertThat(fullText(thrown.get())).doesNotContain(SECRET);
  }

  @Test
  void hooksAreLoadedFromConfigurationByName() {
    Map<String, String> props = new HashMap<>();
    props.put("snapfork.hooks", "mysql");
    props.put("snapfork.hook.mysql.url", "jdbc:mariadb://127.0.0.1:3306/db");
    props.put("snapfork.hook.mysql.password", SECRET);
    var config = dev.snapfork.config.SnapforkConfig.builder().setAll(props).build();
    List<ConsistencyHook> hooks = dev.snapfork.config.Hooks.load(config);
    assertThat(hooks).singleElement().isInstanceOf(MysqlHook.class);
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void aMistypedKeyIsAnErrorNamingIt() {
    Map<String, String> props = new HashMap<>();
    props.put("snapfork.hooks", "mysql");
    props.put("snapfork.hook.mysql.url", "jdbc:mariadb://127.0.0.1:1234/db");
    props.put("snapfork.hook.mysql.lock-wait-timout", "3s");
    assertThatThrownBy(() -> dev.snapfork.config.Hooks.load(dev.snapfork.config.SnapforkConfig.builder().setAll(props).build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("snapfork.hook.mysql.lock-wait-timout");
  }

  static String fullText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}

package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConfigurationException;
import dev.snapfork.UnavailableException;
import dev.snapfork.config.ConfigView;
import dev.snapfork.config.Secret;
import dev.snapfork.portworx.internal.PortworxProviderFactory;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The snapfork.portworx.* keys, their checks, and discovery. */
class ConfigurationTest {
  private static ConfigView view(Map<String, String> values) {
    return ConfigView.of("snapfork.portworx.", values);
  }

  @Test
  void keysBecomeOptions() {
    PortworxOptions o = PortworxProviderFactory.options(view(Map.of(
        "endpoint", "px.example:9020", "tls", "true", "tls.server-name", "px-api", "token", "t0k3n",
        "call-timeout", "5s", "max-attempts", "3", "keepalive-time", "10m")));
    assertThat(o.endpoint()).contains("px.example:9020");
    assertThat(o.tls()).isTrue();
    assertThat(o.serverName()).contains("px-api");
    assertThat(o.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.maxAttempts()).isEqualTo(3);
    assertThat(o.keepAliveTime()).contains(Duration.ofMinutes(10));
    assertThat(o.toString()).doesNotContain("t0k3n");
  }

  @Test
  void noKeepaliveByDefault() {
    assertThat(PortworxOptions.builder().endpoint("localhost:9020").build().keepAliveTime()).isEmpty();
  }

  @Test
  void unknownKeyIsNamed() {
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of("endpoint", "h:1", "endpiont", "x"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.endpiont"));
  }

  @Test
  void badValuesAreNamed() {
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of())))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.endpoint"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of("endpoint", "https://px:9020"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.endpoint"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of("endpoint", "px:9020", "tls.cert-file", "/c.pem", "tls", "true"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.tls.key-file"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of("endpoint", "px:9020", "tls.ca-file", "/ca.pem"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.tls"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxProviderFactory.options(view(Map.of("endpoint", "px:9020", "token", "a", "token-file", "/t"))))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.token-file"));
  }

  @Test
  void plaintextTokenToARemoteHostNeedsAnOptIn() {
    String token = "s3cr3t-value";
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxOptions.builder().endpoint("px.prod.example:9020").token(Secret.of(token)).build())
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.allow-insecure-token"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
    assertThat(PortworxOptions.builder().endpoint("px.prod.example:9020").token(Secret.of(token)).allowInsecureToken(true).build()
        .allowInsecureToken()).isTrue();
    assertThat(PortworxOptions.builder().endpoint("127.0.0.1:9020").token(Secret.of(token)).build().token()).isPresent();
    assertThat(PortworxOptions.builder().endpoint("px.prod.example:9020").token(Secret.of(token)).tls(true).build().tls()).isTrue();
  }

  @Test
  void factoryIsDiscoveredAndMarksTheTokenSecret() {
    SnapshotProviderFactory f = ServiceLoader.load(SnapshotProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(x -> x.name().equals("portworx")).findFirst().orElseThrow();
    assertThat(f.secretKeys()).contains("token");
    assertThat(f.configKeys()).contains("endpoint", "tls.ca-file", "token-file", "connect-timeout");
  }

  @Test
  void nothingListeningFailsFastWithAHint() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int closedPort = port;
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(PortworxOptions.builder().endpoint("127.0.0.1:" + closedPort)
            .connectTimeout(Duration.ofSeconds(3)).maxAttempts(1).build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("snapfork.portworx.tls"));
  }

  @Test
  void missingTlsFilesAreNamedBeforeConnecting() {
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(PortworxOptions.builder().endpoint("localhost:9020").tls(true)
            .caFile(java.nio.file.Path.of("/nonexistent/ca.pem")).build()))
        .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.portworx.tls.ca-file"));
  }
}

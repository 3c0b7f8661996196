package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.PermissionDeniedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Secret;
import dev.snapfork.portworx.fake.FakeOpenStorageServer;
import dev.snapfork.portworx.fake.TestCertificates;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS, mutual TLS and the bearer token over a real loopback socket (Netty server, test certificates). */
class TlsOverLoopbackTest {
  private static final String TOKEN = "eyJhbGciOiJFUzI1NiJ9.tls-test.sig";
  @TempDir
  static Path dir;
  private static TestCertificates serverCert;
  private static TestCertificates clientCert;
  private static FakeOpenStorageServer osd;
  private static Server tlsServer;
  private static Server mtlsServer;

  @BeforeAll
  static void start() throws Exception {
    serverCert = TestCertificates.generate(dir, "server", "localhost");
    clientCert = TestCertificates.generate(dir, "client", "snapfork-test-client");
    osd = new FakeOpenStorageServer();
    osd.auth().require(TOKEN);
    tlsServer = server(SslContextBuilder.forServer(serverCert.keyManagers()));
    mtlsServer = server(SslContextBuilder.forServer(serverCert.keyManagers())
        .trustManager(clientCert.certPem().toFile()).clientAuth(ClientAuth.REQUIRE));
  }

  private static Server server(SslContextBuilder ssl) throws Exception {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.configure(ssl).build());
    osd.services().forEach(b::addService);
    return b.build().start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    tlsServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    mtlsServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static PortworxOptions.Builder options(Server server) {
    return PortworxOptions.builder()
        .endpoint("localhost:" + server.getPort())
        .connectTimeout(Duration.ofSeconds(5))
        .callTimeout(Duration.ofSeconds(5))
        .maxAttempts(1)
        .closeTimeout(Duration.ofSeconds(2));
  }

  @Test
  void tlsWithCaFileAndTokenWorks() {
    try (PortworxSnapshotProvider p = PortworxSnapshotProvider.connect(
        options(tlsServer).tls(true).caFile(serverCert.certPem()).token(Secret.of(TOKEN)).build())) {
      assertThat(p.serverVersion()).contains("fake");
      assertThat(osd.auth().lastSeen()).isEqualTo(TOKEN);
    }
  }

  @Test
  void wrongTokenOverTlsIsPermissionDenied() {
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(
            options(tlsServer).tls(true).caFile(serverCert.certPem()).token(Secret.of("wrong-token-value")).build()))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-token-value"));
  }

  @Test
  void plaintextClientAgainstTlsServerFailsWithinTheConnectDeadline() {
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(options(tlsServer).connectTimeout(Duration.ofSeconds(3)).build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("within PT3S").contains("set snapfork.portworx.tls=true"));
  }

  @Test
  void hostnameVerificationIsOn() {
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(
            options(tlsServer).tls(true).caFile(serverCert.certPem()).serverName("px.other.example").token(Secret.of(TOKEN)).build()));
  }

  @Test
  void untrustedServerCertificateIsRefused() {
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(options(tlsServer).tls(true).caFile(clientCert.certPem())
            .token(Secret.of(TOKEN)).build()));
  }

  @Test
  void mutualTlsWithClientCertificate() {
    try (PortworxSnapshotProvider p = PortworxSnapshotProvider.connect(options(mtlsServer).tls(true).caFile(serverCert.certPem())
        .certFile(clientCert.certPem()).keyFile(clientCert.keyPem()).token(Secret.of(TOKEN)).build())) {
      assertThat(p.serverVersion()).contains("fake");
    }
    assertThatExceptionOfType(UnavailableException.class)
        .isThrownBy(() -> PortworxSnapshotProvider.connect(options(mtlsServer).tls(true).caFile(serverCert.certPem())
            .token(Secret.of(TOKEN)).build()));
  }

  @Test
  void snapshotLifecycleOverTls() {
    try (PortworxSnapshotProvider p = PortworxSnapshotProvider.connect(
        options(tlsServer).tls(true).caFile(serverCert.certPem()).token(Secret.of(TOKEN)).build())) {
      VolumeRef v = VolumeRef.of(createVolume("tls-src-" + System.nanoTime()));
      Snapshot s = p.create(SnapshotRequest.builder(v).name("tls-snap-" + System.nanoTime()).build());
      assertThat(p.get(s.id()).source()).isEqualTo(v);
      assertThat(p.delete(s.id())).isTrue();
    }
  }

  private static String createVolume(String name) {
    io.grpc.ManagedChannel ch = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("localhost", tlsServer.getPort())
        .sslContext(sslFor(serverCert.certPem())).build();
    try {
      var md = new io.grpc.Metadata();
      md.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "bearer " + TOKEN);
      return dev.snapfork.portworx.internal.proto.OpenStorageVolumeGrpc.newBlockingStub(ch)
          .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md))
          .create(dev.snapfork.portworx.internal.proto.SdkVolumeCreateRequest.newBuilder().setName(name)
              .setSpec(dev.snapfork.portworx.internal.proto.VolumeSpec.newBuilder().setSize(4096)).build())
          .getVolumeId();
    } finally {
      ch.shutdownNow();
    }
  }

  private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslFor(Path ca) {
    try {
      return GrpcSslContexts.forClient().trustManager(ca.toFile()).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}

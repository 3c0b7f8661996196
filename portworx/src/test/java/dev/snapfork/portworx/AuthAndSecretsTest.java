package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Secret;
import dev.snapfork.portworx.fake.InProcessOsd;
import dev.snapfork.portworx.internal.GrpcErrors;
import dev.snapfork.portworx.internal.TokenSource;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens: static and from a rotating file; a wrong token is a typed error; tokens never leak. */
class AuthAndSecretsTest {
  private static final String GOOD = "eyJhbGciOiJIUzI1NiJ9.good-token.sig";
  private InProcessOsd osd;

  @BeforeEach
  void start() {
    osd = new InProcessOsd();
    osd.osd().auth().require(GOOD);
    osd.adminToken(GOOD);
  }

  @AfterEach
  void stop() {
    osd.close();
  }

  @Test
  void wrongTokenIsPermissionDeniedWithoutTheToken() {
    String wrong = "eyJhbGciOiJIUzI1NiJ9.WRONG-token.sig";
    assertThatExceptionOfType(PermissionDeniedException.class)
        .isThrownBy(() -> osd.provider(InProcessOsd.testOptions().token(Secret.of(wrong)).build()))
        .satisfies(e -> assertThat(e.getMessage()).contains("PERMISSION_DENIED").doesNotContain(wrong))
        .satisfies(e -> assertThat(e.retryable()).isFalse());
  }

  @Test
  void missingTokenIsPermissionDenied() {
    assertThatExceptionOfType(PermissionDeniedException.class).isThrownBy(() -> osd.provider());
  }

  @Test
  void tokenFileIsReReadWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, GOOD + "\n");
    VolumeRef v = osd.createVolume("vol", 1024, Map.of());
    try (PortworxSnapshotProvider p = osd.provider(InProcessOsd.testOptions().tokenFile(file).build())) {
      p.create(SnapshotRequest.builder(v).name("before-rotation").build());
      assertThat(osd.osd().auth().lastSeen()).isEqualTo(GOOD);
      String rotated = "eyJhbGciOiJIUzI1NiJ9.rotated-token-with-other-length.sig";
      osd.osd().auth().require(rotated);
      Files.writeString(file, rotated);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
      p.create(SnapshotRequest.builder(v).name("after-rotation").build());
      assertThat(osd.osd().auth().lastSeen()).isEqualTo(rotated);
    }
  }

  @Test
  void tokensNeverAppearInToStringOrMessages() {
    PortworxOptions options = InProcessOsd.testOptions().token(Secret.of(GOOD)).endpoint("localhost:9020").build();
    assertThat(options.toString()).doesNotContain(GOOD).contains("token=****");
    assertThat(TokenSource.of(Secret.of(GOOD)).toString()).doesNotContain(GOOD);
    try (PortworxSnapshotProvider p = osd.provider(InProcessOsd.testOptions().token(Secret.of(GOOD)).build())) {
      assertThat(p.toString()).doesNotContain(GOOD);
    }
    GrpcErrors errors = new GrpcErrors(TokenSource.of(Secret.of(GOOD)));
    var e = errors.translate("Inspect", null, Duration.ofSeconds(1),
        Status.PERMISSION_DENIED.withDescription("bad token " + GOOD).asRuntimeException());
    assertThat(e.getMessage()).doesNotContain(GOOD).contains("bad token ****");
  }
}

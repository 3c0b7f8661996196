package dev.snapfork.ebs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Endpoint resolution and error reading of the direct block transport. */
class DirectTransportTest {
  private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "s"));

  @Test
  void withoutAnOverride_theEndpointComesFromTheSdkRulesForTheRegion() {
    try (BlockIo io = Clients.directBlockIo("eu-west-1", null, CREDS, 8);
        BlockIo china = Clients.directBlockIo("cn-north-1", null, CREDS, 8);
        BlockIo local = Clients.directBlockIo("eu-west-1", URI.create("http://localhost:4566/ebs"), CREDS, 8)) {
      assertThat(((DirectBlockIo) io).endpoint()).isEqualTo(URI.create("https://ebs.eu-west-1.amazonaws.com"));
      assertThat(((DirectBlockIo) china).endpoint().getHost()).isEqualTo("ebs.cn-north-1.amazonaws.com.cn");
      assertThat(((DirectBlockIo) local).endpoint()).isEqualTo(URI.create("http://localhost:4566/ebs"));
    }
  }

  @Test
  void theSdksFipsAndDualStackSettingsApply() {
    try {
      System.setProperty("aws.useFipsEndpoint", "true");
      try (BlockIo io = Clients.directBlockIo("us-east-1", null, CREDS, 8)) {
        assertThat(((DirectBlockIo) io).endpoint().getHost()).isEqualTo("ebs-fips.us-east-1.amazonaws.com");
      }
      System.clearProperty("aws.useFipsEndpoint");
      System.setProperty("aws.useDualstackEndpoint", "true");
      try (BlockIo io = Clients.directBlockIo("us-east-1", null, CREDS, 8)) {
        assertThat(((DirectBlockIo) io).endpoint().getHost()).isEqualTo("ebs.us-east-1.api.aws");
      }
    } finally {
      System.clearProperty("aws.useFipsEndpoint");
      System.clearProperty("aws.useDualstackEndpoint");
    }
  }

  @Test
  void errorAnswersBecomeTypedExceptions() {
    assertThat(translate(400, "RequestThrottledException:http://internal.amazon.com/coral/com.amazon.zeppelindataservice/",
        "{\"Message\":\"slow down\",\"Reason\":\"ACCOUNT_THROTTLED\"}"))
        .isInstanceOf(RateLimitedException.class).hasMessageContaining("slow down").hasMessageContaining("ACCOUNT_THROTTLED");
    assertThat(translate(429, null, "")).isInstanceOf(RateLimitedException.class);
    assertThat(translate(404, "ResourceNotFoundException", "{\"message\":\"no such snapshot\"}"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no such snapshot");
    assertThat(translate(400, "ValidationException", "{\"Message\":\"bad\",\"Reason\":\"INVALID_BLOCK_TOKEN\"}"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("INVALID_BLOCK_TOKEN");
    assertThat(translate(403, "AccessDeniedException", "{\"Message\":\"denied\"}")).isInstanceOf(PermissionDeniedException.class);
    assertThat(translate(503, null, "<html>gateway</html>")).isInstanceOf(UnavailableException.class).hasMessageContaining("gateway");
    assertThat(translate(400, "ServiceQuotaExceededException", "{}")).isInstanceOf(BackendFailureException.class);
  }

  @Test
  void theErrorKeepsTheRequestId() {
    AwsServiceException e = RestJsonErrors.toException(500, "InternalServerException", "req-123", new byte[0], "GetSnapshotBlock");
    assertThat(e.requestId()).isEqualTo("req-123");
    assertThat(AwsErrors.translate(e, "snapshot", "snap-1", "GetSnapshotBlock")).isInstanceOf(UnavailableException.class)
        .satisfies(t -> assertThat(((SnapshotException) t).retryable()).isTrue()).hasMessageContaining("req-123");
  }

  private static SnapshotException translate(int status, String type, String body) {
    AwsServiceException e = RestJsonErrors.toException(status, type, null, body.getBytes(StandardCharsets.UTF_8), "GetSnapshotBlock");
    return AwsErrors.translate(e, "snapshot", "snap-1", "GetSnapshotBlock");
  }
}

package dev.snapfork.ebs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConfigurationException;
import dev.snapfork.UnavailableException;
import dev.snapfork.ebs.fake.FakeAwsServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Missing credentials and the wording of errors of calls that are not per block, at the wire
 * against the fake EC2 / EBS direct endpoints.
 */
class CredentialsAndMessagesTest {
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();
  /** The SDK default chain's inputs from the environment; when one is set the chain may find credentials. */
  private static final List<String> CREDENTIAL_ENV = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_PROFILE");
  /** System properties the default chain reads; set for the test so it finds nothing and calls no metadata service. */
  private static final List<String> PROPS = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
      "aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata", "aws.profile");
  private final Map<String, String> saved = new java.util.HashMap<>();
  @TempDir Path dir;

  @BeforeEach
  void noCredentialsAnywhere() {
    List<String> set = CREDENTIAL_ENV.stream().filter(k -> System.getenv(k) != null).toList();
    if (!set.isEmpty() && !"true".equals(System.getenv("CI"))) {
      Assumptions.abort("the environment sets " + set + ", so the AWS default chain may find credentials");
    }
    for (String p : PROPS) {
      String v = System.getProperty(p);
      if (v != null) {
        saved.put(p, v);
      }
      System.clearProperty(p);
    }
    System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
    System.setProperty("aws.configFile", dir.resolve("no-config").toString());
    // tests reach loopback only: keep the chain off the instance metadata service
    System.setProperty("aws.disableEc2Metadata", "true");
  }

  @AfterEach
  void restore() {
    PROPS.forEach(System::clearProperty);
    saved.forEach(System::setProperty);
  }

  /** A builder pointed at the fake with no credentials configured: the SDK's default chain. */
  private static EbsSnapshotProvider.Builder withoutCredentials() {
    return EbsSnapshotProvider.builder().region("eu-west-1").ec2Endpoint(fake.endpoint()).ebsEndpoint(fake.endpoint())
        .maxAttempts(3).blockRetryBackoff(new dev.snapfork.spi.Backoff(java.time.Duration.ofMillis(5),
            java.time.Duration.ofMillis(50), 2.0, 1.0));
  }

  private Path source() throws IOException {
    Path p = dir.resolve("one.img");
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.setLength(2L * 524288);
      f.write(7);
    }
    return p;
  }

  @Test
  void noCredentials_uploadFailsAtOnceAsAConfigurationErrorNamingWhereCredentialsAreLookedFor() throws IOException {
    int snapshots = fake.aws.snapshots.size();
    try (EbsSnapshotProvider p = withoutCredentials().build()) {
      Path src = source();
      assertThatExceptionOfType(ConfigurationException.class)
          .isThrownBy(() -> p.blocks().upload(UploadRequest.builder(src).build()))
          .satisfies(e -> assertThat(e.retryable()).isFalse())
          .satisfies(e -> assertThat(e.field()).isEqualTo("snapfork.ebs.access-key-id"))
          .withMessageContaining("no AWS credentials for StartSnapshot")
          .withMessageContaining("snapfork.ebs.access-key-id").withMessageContaining("snapfork.ebs.profile")
          .withMessageContaining("aws.accessKeyId").withMessageContaining("AWS_ACCESS_KEY_ID")
          .withMessageContaining("~/.aws/credentials").withMessageContaining("instance metadata")
          .withMessageNotContaining("failed before AWS answered");
    }
    assertThat(fake.aws.snapshots).as("nothing reached AWS").hasSize(snapshots);
  }

  @Test
  void noCredentials_anEc2CallIsTheSameConfigurationError() {
    try (EbsSnapshotProvider p = withoutCredentials().build()) {
      assertThatExceptionOfType(ConfigurationException.class)
          .isThrownBy(() -> p.get("snap-0123456789abcdef0"))
          .satisfies(e -> assertThat(e.retryable()).isFalse())
          .withMessageContaining("AWS_ACCESS_KEY_ID");
    }
  }

  @Test
  void credentialsThatCannotBeResolvedAreAskedForOncePerCall_noRetries() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    AwsCredentialsProvider failing = new AwsCredentialsProvider() {
      @Override
      public AwsCredentials resolveCredentials() {
        asked.incrementAndGet();
        throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
      }
    };
    try (EbsSnapshotProvider p = withoutCredentials().credentials(failing).build()) {
      Path src = source();
      assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> p.blocks().upload(UploadRequest.builder(src).build()))
          .withMessageContaining("supplied none");
      assertThat(asked.get()).as("StartSnapshot tried once, not retried 10 times").isEqualTo(1);
      asked.set(0);
      assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> p.get("snap-0123456789abcdef0"));
      assertThat(asked.get()).as("the EC2 call is not retried by the SDK either").isEqualTo(1);
    }
  }

  @Test
  void aFailedStartSnapshotSaysSoWithoutABlockIndexOrEmptyParts() throws IOException {
    // An EBS direct error answer with neither x-amzn-ErrorType nor a message (HTTP 500, empty body).
    fake.server.stubFor(post(urlPathEqualTo("/snapshots")).atPriority(1).willReturn(aResponse().withStatus(500)));
    try (EbsSnapshotProvider p = fake.provider().build()) {
      Path src = source();
      assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> p.blocks().upload(UploadRequest.builder(src).build()))
          .satisfies(e -> assertThat(e.getMessage()).startsWith("StartSnapshot: HTTP 500")
              .doesNotContain("block -1").doesNotContain("null").doesNotContain(": :").doesNotContain("()"));
    }
  }
}

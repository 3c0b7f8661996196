package dev.snapfork.ebs.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.endpoint.DualstackEnabledProvider;
import software.amazon.awssdk.awscore.endpoint.FipsEnabledProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ebs.endpoints.EbsEndpointProvider;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Builds the EC2 and EBS direct clients: region and credentials from the arguments or the SDK's
 * default chains, optional endpoint overrides, and the SDK's standard retry strategy (EC2) or no
 * SDK retries (EBS direct: the block transfer engine retries per block and adapts its
 * concurrency to throttling).
 */
public final class Clients {
  private Clients() {}

  /** The EC2 client with the SDK's standard retry strategy. */
  public static Ec2Client ec2(String region, URI endpoint, AwsCredentialsProvider credentials, int maxAttempts,
      Duration retryBase, Duration retryMax) {
    RetryStrategy retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(maxAttempts)
        .backoffStrategy(BackoffStrategy.exponentialDelay(retryBase, retryMax))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(retryBase, retryMax))
        .circuitBreakerEnabled(false)
        .build();
    var b = Ec2Client.builder()
        .httpClient(http(16))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(retry).build())
        .credentialsProvider(credentials == null ? DefaultCredentialsProvider.builder().build() : credentials);
    if (region != null) {
      b.region(Region.of(region));
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  /** The SDK's default credentials chain (one instance, shared by the clients and the block transport). */
  public static AwsCredentialsProvider defaultCredentials() {
    return DefaultCredentialsProvider.builder().build();
  }

  /**
   * The {@code direct} block transport: the region from the argument or the SDK's region chain,
   * the endpoint from the override or the SDK's endpoint rules for EBS in that region, with the
   * SDK's FIPS and dual-stack settings ({@code AWS_USE_FIPS_ENDPOINT} / {@code aws.useFipsEndpoint}
   * / profile {@code use_fips_endpoint}, and the dual-stack equivalents) read the way the SDK
   * clients read them.
   */
  public static BlockIo directBlockIo(String region, URI endpoint, AwsCredentialsProvider credentials, int concurrency) {
    String r = region != null ? region : new DefaultAwsRegionProviderChain().getRegion().id();
    boolean fips = FipsEnabledProvider.builder().build().isFipsEnabled().orElse(false);
    boolean dualStack = DualstackEnabledProvider.builder().build().isDualstackEnabled().orElse(false);
    URI e = endpoint != null ? endpoint
        : EbsEndpointProvider.defaultProvider().resolveEndpoint(p -> p.region(Region.of(r)).useFips(fips).useDualStack(dualStack))
            .join().url();
    return new DirectBlockIo(e, r, credentials, Math.max(concurrency + 4, 16), Clock.systemUTC());
  }

  /** The EBS direct client; connections sized for {@code concurrency} parallel block calls. */
  public static EbsClient ebs(String region, URI endpoint, AwsCredentialsProvider credentials, int concurrency) {
    var b = EbsClient.builder()
        .httpClient(blockHttp(Math.max(concurrency + 4, 16)))
        .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build())
        .credentialsProvider(credentials == null ? DefaultCredentialsProvider.builder().build() : credentials);
    if (region != null) {
      b.region(Region.of(region));
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  /**
   * The block client's connections: no {@code Expect: 100-continue} (a 512 KiB block is cheaper to
   * send than a round trip waiting for the server's go-ahead; the JFR profile of the benchmark
   * showed upload workers spending most of their time in that wait), one connection per
   * concurrent call plus headroom.
   */
  private static SdkHttpClient blockHttp(int connections) {
    return ApacheHttpClient.builder().maxConnections(connections).expectContinueEnabled(false)
        .tcpKeepAlive(true).connectionTimeout(Duration.ofSeconds(10)).build();
  }

  private static SdkHttpClient http(int connections) {
    return ApacheHttpClient.builder().maxConnections(connections).connectionTimeout(Duration.ofSeconds(10)).build();
  }
}

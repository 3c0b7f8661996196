package dev.snapfork.ebs.fake;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.snapfork.ebs.EbsSnapshotProvider;
import dev.snapfork.spi.Backoff;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A WireMock server on loopback speaking EC2's Query/XML protocol (POST / with {@code Action=})
 * and the EBS direct REST/JSON API ({@code /snapshots/...}) from a {@link FakeAws} state, through
 * one stateful response transformer. Tests add higher-priority stubs (scenarios) for throttling
 * and error sequences; everything else falls through to the fake.
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final FakeAwsServer fake = new
 * FakeAwsServer();}) it drops test-added stubs before each test and is closed when the whole test
 * run ends (shared by a test class and its subclasses).
 */
public final class FakeAwsServer implements AutoCloseable, BeforeAllCallback, BeforeEachCallback {
  public static final String TRANSFORMER = "fake-aws";
  public final FakeAws aws = new FakeAws();
  public final WireMockServer server;

  public FakeAwsServer() {
    Ec2Responder ec2 = new Ec2Responder(aws);
    EbsResponder ebs = new EbsResponder(aws);
    ResponseDefinitionTransformerV2 t = new ResponseDefinitionTransformerV2() {
      @Override
      public ResponseDefinition transform(ServeEvent event) {
        Request req = event.getRequest();
        String url = req.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        if (path.startsWith("/snapshots")) {
          return ebs.handle(req, path, query(q < 0 ? "" : url.substring(q + 1)));
        }
        return ec2.handle(req.getBodyAsString(), query(q < 0 ? "" : url.substring(q + 1)));
      }

      @Override
      public boolean applyGlobally() {
        return false;
      }

      @Override
      public String getName() {
        return TRANSFORMER;
      }
    };
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(t)
        .containerThreads(80).jettyAcceptors(2).disableRequestJournal());
    server.start();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(TRANSFORMER)));
  }

  static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : q.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // the root store closes AutoCloseable values when the test run ends
    context.getRoot().getStore(ExtensionContext.Namespace.create(FakeAwsServer.class)).getOrComputeIfAbsent(this, k -> this);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    resetStubs();
  }

  /** Drops the stubs a test added and restores the fall-through to the stateful fake. */
  public void resetStubs() {
    server.resetMappings();
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(TRANSFORMER)));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** A provider builder pointed at this server, with short test delays. */
  public EbsSnapshotProvider.Builder provider() {
    return EbsSnapshotProvider.builder()
        .region("eu-west-1")
        .ec2Endpoint(endpoint())
        .ebsEndpoint(endpoint())
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(SignatureCheck.ACCESS_KEY, SignatureCheck.SECRET)))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .perVolumeRateDelay(Duration.ofMillis(20))
        .pollBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 1.5, 0.5))
        .blockRetryBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 2.0, 1.0))
        .consistencyGrace(Duration.ofSeconds(5))
        .blockConcurrency(8);
  }

  @Override
  public void close() {
    server.stop();
  }
}

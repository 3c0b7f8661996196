package dev.snapfork.examples.codepipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.local.LocalSnapshotProvider;
import dev.snapfork.spi.SnapshotProviderFactory;
import dev.snapfork.testkit.FaultInjectingProvider;
import dev.snapfork.testkit.Operation;
import dev.snapfork.testkit.RecordingHook;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** The handler against WireMock speaking CodePipeline's JSON 1.1 protocol, forking on the local provider. */
class CodePipelineForkHandlerTest {
  private static final String SUCCESS = "CodePipeline_20150709.PutJobSuccessResult";
  private static final String FAILURE = "CodePipeline_20150709.PutJobFailureResult";

  @TempDir
  Path root;
  WireMockServer wm;
  CodePipelineClient client;
  RecordingHook hook = new RecordingHook("db");

  @BeforeEach
  void setUp() throws Exception {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    for (String target : List.of(SUCCESS, FAILURE)) {
      wm.stubFor(post("/").withHeader("X-Amz-Target", equalTo(target))
          .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
    }
    client = CodePipelineClient.builder().endpointOverride(URI.create(wm.baseUrl())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-key")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    Files.createDirectories(root.resolve("volumes/prod"));
    Files.writeString(root.resolve("volumes/prod/orders.txt"), "order-1\n");
  }

  @AfterEach
  void tearDown() {
    client.close();
    wm.stop();
  }

  private CodePipelineForkHandler handler(List<SnapshotProviderFactory> factories) {
    return new CodePipelineForkHandler(client, values -> {
      SnapforkConfig.Builder b = SnapforkConfig.builder().environment(Map.of()).systemProperties(Map.of()).setAll(values);
      if (!factories.isEmpty()) {
        b.providerFactories(factories);
      }
      return b.build();
    }, config -> List.<ConsistencyHook>of(hook));
  }

  private static Map<String, Object> event(String jobId, String userParameters) {
    return Map.of("CodePipeline.job", Map.of("id", jobId, "accountId", "111122223333",
        "data", Map.of("actionConfiguration", Map.of("configuration", Map.of("FunctionName", "snapfork-fork",
            "UserParameters", userParameters)))));
  }

  private static Context remaining(long millis) {
    return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getRemainingTimeInMillis" -> (int) millis;
          case "getMemoryLimitInMB" -> 512;
          case "getAwsRequestId" -> "req-1";
          default -> null;
        });
  }

  private String params(String source) {
    return "{\"source\": \"" + source + "\", \"target\": \"staging\", \"expiresAfter\": \"2h\", \"reserveSeconds\": 5,"
        + " \"config\": {\"snapfork.local.root\": \"" + root.toString().replace("\\", "\\\\") + "\"}}";
  }

  private LoggedRequest only(String target) {
    List<LoggedRequest> all = wm.findAll(postRequestedFor(urlEqualTo("/")));
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getHeader("X-Amz-Target")).isEqualTo(target);
    return all.get(0);
  }

  @Test
  void forksAndReportsSuccessWithTheFreezeWindow() {
    handler(List.of()).handleRequest(event("job-1", params("prod")), remaining(120_000));

    LoggedRequest r = only(SUCCESS);
    wm.verify(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SUCCESS))
        .withHeader("Authorization", containing("AWS4-HMAC-SHA256"))
        .withRequestBody(matchingJsonPath("$.jobId", equalTo("job-1")))
        .withRequestBody(matchingJsonPath("$.executionDetails.summary", containing("forked prod -> staging")))
        .withRequestBody(matchingJsonPath("$.executionDetails.summary", containing("freeze window"))));
    assertThat(r.getBodyAsString()).contains("externalExecutionId");
    assertThat(root.resolve("volumes/staging/orders.txt")).hasContent("order-1");
    assertThat(hook.quiesceCount()).isEqualTo(1);
    assertThat(hook.releaseCount()).isEqualTo(1);
  }

  @Test
  void aMissingSourceIsReportedAsAJobFailure() {
    handler(List.of()).handleRequest(event("job-2", params("nope")), remaining(120_000));
    only(FAILURE);
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.jobId", equalTo("job-2")))
        .withRequestBody(matchingJsonPath("$.failureDetails.type", equalTo("JobFailed")))
        .withRequestBody(matchingJsonPath("$.failureDetails.message", containing("NotFoundException"))));
    assertThat(hook.releaseCount()).isEqualTo(hook.quiesceCount());
  }

  @Test
  void badUserParametersAreAConfigurationErrorNamingTheField() {
    handler(List.of()).handleRequest(event("job-3", "{\"source\": \"prod\"}"), remaining(120_000));
    only(FAILURE);
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.failureDetails.type", equalTo("ConfigurationError")))
        .withRequestBody(matchingJsonPath("$.failureDetails.message", containing("UserParameters.target"))));
    assertThat(hook.quiesceCount()).isZero();
  }

  @Test
  void tooLittleTimeLeftFailsWithoutQuiescing() {
    handler(List.of()).handleRequest(event("job-4", params("prod")), remaining(6_000));
    only(FAILURE);
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.failureDetails.message", containing("not enough time left"))));
    assertThat(hook.quiesceCount()).isZero();
    assertThat(root.resolve("volumes/staging")).doesNotExist();
  }

  @Test
  void aHangingCutIsReleasedWithinTheBudgetAndReported() {
    FaultInjectingProvider faulty = FaultInjectingProvider.wrap(LocalSnapshotProvider.open(root)).hang(Operation.CREATE);
    SnapshotProviderFactory factory = new SnapshotProviderFactory() {
      @Override
      public String name() {
        return "faulty";
      }

      @Override
      public Set<String> configKeys() {
        return Set.of();
      }

      @Override
      public SnapshotProvider create(ConfigView config) {
        return faulty;
      }
    };
    // 8 s left, 5 s reserved: the freeze may last 1.5 s at most, then the watchdog releases
    String p = "{\"source\": \"prod\", \"target\": \"staging\", \"reserveSeconds\": 5}";
    handler(List.of(factory)).handleRequest(event("job-5", p), remaining(8_000));
    faulty.release(Operation.CREATE);

    only(FAILURE);
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withRequestBody(matchingJsonPath("$.failureDetails.type", equalTo("JobFailed"))));
    assertThat(hook.quiesceCount()).isEqualTo(1);
    assertThat(hook.releaseCount()).isEqualTo(1);
  }

  @Test
  void secretsInMessagesAreMasked() {
    assertThat(CodePipelineForkHandler.redact("cannot reach mongodb://admin:hunter2@db:27017 with token tok-9999",
        List.of("tok-9999"))).isEqualTo("cannot reach mongodb://admin:****@db:27017 with token ****");
  }
}

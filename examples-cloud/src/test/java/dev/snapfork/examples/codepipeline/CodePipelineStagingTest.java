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
import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.examples.kubernetes.SimulatedController;
import dev.snapfork.testkit.RecordingHook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** The handler chaining into the Kubernetes staging tests: WireMock as CodePipeline, the CRUD mock server as the cluster. */
@EnableKubernetesMockClient(crud = true)
class CodePipelineStagingTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir
  Path root;
  WireMockServer wm;
  CodePipelineClient codePipeline;
  SimulatedController controller;
  RecordingHook hook = new RecordingHook("db");

  @BeforeEach
  void setUp() throws Exception {
    wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(post("/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{}")));
    codePipeline = CodePipelineClient.builder().endpointOverride(URI.create(wm.baseUrl())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-key")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    Files.createDirectories(root.resolve("volumes/prod"));
    controller = new SimulatedController(server, client, "staging");
  }

  @AfterEach
  void tearDown() throws Exception {
    controller.close();
    codePipeline.close();
    wm.stop();
  }

  private void invoke(String jobId) {
    String params = "{\"source\": \"prod\", \"target\": \"orders-staging\", \"reserveSeconds\": 2,"
        + " \"config\": {\"snapfork.local.root\": \"" + root.toString().replace("\\", "\\\\") + "\"},"
        + " \"kubernetes\": {\"namespace\": \"staging\", \"testImage\": \"registry/tests:1\", \"testCommand\": [\"/run-tests.sh\"]}}";
    Map<String, Object> event = Map.of("CodePipeline.job", Map.of("id", jobId,
        "data", Map.of("actionConfiguration", Map.of("configuration", Map.of("UserParameters", params)))));
    Context context = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
        (proxy, method, args) -> method.getName().equals("getRemainingTimeInMillis") ? 60_000 : null);
    // the handler closes the client it is given; hand it a second client to the same mock server
    new CodePipelineForkHandler(codePipeline,
        values -> SnapforkConfig.builder().environment(Map.of()).systemProperties(Map.of()).setAll(values).build(),
        config -> List.<ConsistencyHook>of(hook),
        () -> server.createClient()).handleRequest(event, context);
  }

  @Test
  void passingStagingTestsReportSuccessAndLeaveNothingInTheCluster() {
    invoke("job-k1");
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("CodePipeline_20150709.PutJobSuccessResult"))
        .withRequestBody(matchingJsonPath("$.executionDetails.summary", containing("staging tests passed (exit 0"))));
    assertThat(hook.releaseCount()).isEqualTo(1);
    assertThat(client.apps().deployments().inNamespace("staging").list().getItems()).isEmpty();
    assertThat(client.batch().v1().jobs().inNamespace("staging").list().getItems()).isEmpty();
  }

  @Test
  void failingStagingTestsFailTheJobWithTheExitCodeAndLastLogLine() {
    controller.exitCode = 2;
    invoke("job-k2");
    wm.verify(postRequestedFor(urlEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("CodePipeline_20150709.PutJobFailureResult"))
        .withRequestBody(matchingJsonPath("$.failureDetails.message", containing("staging tests failed (exit 2")))
        .withRequestBody(matchingJsonPath("$.failureDetails.message", containing("42 orders checked"))));
    assertThat(client.services().inNamespace("staging").list().getItems()).isEmpty();
  }
}

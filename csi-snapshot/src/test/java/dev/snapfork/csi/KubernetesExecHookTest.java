package dev.snapfork.csi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConsistencyException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code kubernetes-exec} hook against the mock API server: pods live in its CRUD store, and
 * exec expectations answer the exec subresource over the real channel protocol (stdout on
 * channel 1, stderr on 2, the exit status on 3).
 */
class KubernetesExecHookTest {
  private static final List<String> LOCK = List.of("/bin/sh", "-c", "mongosh --quiet --eval 'db.fsyncLock()'");
  private static final List<String> UNLOCK = List.of("/bin/sh", "-c", "mongosh --quiet --eval 'db.fsyncUnlock()'");
  private static final QuiesceContext CONTEXT = new QuiesceContext("req-1", List.of(VolumeRef.of("db/data")), Duration.ofSeconds(10));

  private static MockApi api;

  @BeforeAll
  static void start() {
    api = new MockApi();
    MockCluster.namespace(api.client, "db");
    MockCluster.runningPod(api.client, "db", "mongo-0", Map.of("app", "mongo"));
    MockCluster.runningPod(api.client, "db", "mongo-1", Map.of("app", "mongo"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @AfterEach
  void reset() {
    api.server.clearExpectations();
  }

  private static String execPath(String pod, List<String> argv) {
    String commands = argv.stream()
        .map(a -> "command=" + URLEncoder.encode(a, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("&"));
    return "/api/v1/namespaces/db/pods/" + pod + "/exec?" + commands + "&container=mongod&stdout=true&stderr=true";
  }

  private static void expectExec(String pod, List<String> argv, String stdout, String stderr, int exit) {
    var session = api.server.expect().get().withPath(execPath(pod, argv)).andUpgradeToWebSocket().open();
    session.waitFor(10).andEmit(new OutputStreamMessage(stdout));
    if (!stderr.isEmpty()) {
      session.waitFor(10).andEmit(new ErrorStreamMessage(stderr));
    }
    session.waitFor(10).andEmit(new StatusStreamMessage(exit)).done().once();
  }

  /** Every exec request path the server has seen since the last call. */
  private static List<String> execRequests() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest r;
    while ((r = api.server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      if (r.getPath().contains("/exec?")) {
        paths.add(r.getPath());
      }
    }
    return paths;
  }

  private static KubernetesExecHook.Builder hook() {
    return KubernetesExecHook.builder().client(api.client).namespace("db").container("mongod")
        .quiesceCommand(LOCK).releaseCommand(UNLOCK).timeout(Duration.ofSeconds(10));
  }

  @Test
  void quiescesBeforeAndReleasesAfter() throws Exception {
    execRequests();
    expectExec("mongo-0", LOCK, "{ ok: 1, lockCount: 1 }", "", 0);
    expectExec("mongo-0", UNLOCK, "{ ok: 1, lockCount: 0 }", "", 0);
    QuiesceHandle handle = hook().pod("mongo-0").build().quiesce(CONTEXT);
    assertThat(execRequests()).as("after quiesce").containsExactly(execPath("mongo-0", LOCK));
    handle.release();
    assertThat(execRequests()).as("after release").containsExactly(execPath("mongo-0", UNLOCK));
  }

  @Test
  void failedQuiesceNamesPodContainerExitCodeAndStderrAndReleasesThePodsAlreadyQuiesced() throws Exception {
    execRequests();
    expectExec("mongo-0", LOCK, "{ ok: 1 }", "", 0);
    expectExec("mongo-1", LOCK, "", "MongoServerError: not authorized on admin to execute command { fsync: 1, lock: true }", 13);
    expectExec("mongo-0", UNLOCK, "{ ok: 1 }", "", 0);
    KubernetesExecHook h = hook().selector(Map.of("app", "mongo")).build();
    assertThatExceptionOfType(ConsistencyException.class)
        .isThrownBy(() -> h.quiesce(CONTEXT))
        .satisfies(e -> assertThat(e.getMessage())
            .contains("pod db/mongo-1").contains("container mongod").contains("exited with code 13")
            .contains("not authorized on admin"));
    assertThat(execRequests()).containsExactly(execPath("mongo-0", LOCK), execPath("mongo-1", LOCK), execPath("mongo-0", UNLOCK));
  }

  @Test
  void failedReleaseSaysThePodMayStillBeQuiesced() {
    expectExec("mongo-0", LOCK, "{ ok: 1 }", "", 0);
    expectExec("mongo-0", UNLOCK, "", "fsyncUnlock called when not locked", 2);
    QuiesceHandle handle = hook().pod("mongo-0").build().quiesce(CONTEXT);
    assertThatExceptionOfType(ConsistencyException.class)
        .isThrownBy(handle::release)
        .satisfies(e -> assertThat(e.getMessage()).contains("may still be quiesced").contains("exited with code 2")
            .contains("fsyncUnlock called when not locked"));
  }

  @Test
  void forbiddenExecNamesTheRule() {
    api.server.expect().get().withPath(execPath("mongo-0", LOCK))
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
            "pods \"mongo-0\" is forbidden: User \"ci\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"db\"").build())
        .once();
    assertThatExceptionOfType(ConsistencyException.class)
        .isThrownBy(() -> hook().pod("mongo-0").build().quiesce(CONTEXT))
        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class))
        .satisfies(e -> assertThat(e.getMessage()).contains("cannot create resource 'pods/exec'"));
  }

  @Test
  void noMatchingPodQuiescesNothing() {
    assertThatExceptionOfType(ConsistencyException.class)
        .isThrownBy(() -> hook().selector(Map.of("app", "postgres")).build().quiesce(CONTEXT))
        .satisfies(e -> assertThat(e.getMessage()).contains("no running pod").contains("app=postgres"));
  }

  @Test
  void badConfigurationIsTyped() {
    assertThatExceptionOfType(InvalidRequestException.class).as("neither pod nor selector")
        .isThrownBy(() -> hook().build()).satisfies(e -> assertThat(e.field()).isEqualTo("pod"));
    assertThatExceptionOfType(InvalidRequestException.class).as("pod name not DNS-1123")
        .isThrownBy(() -> hook().pod("Mongo_0").build()).satisfies(e -> assertThat(e.field()).isEqualTo("pod"));
    assertThatExceptionOfType(InvalidRequestException.class).as("selector value")
        .isThrownBy(() -> hook().selector(Map.of("app", "mongo db")).build());
    assertThatExceptionOfType(InvalidRequestException.class).as("missing release command")
        .isThrownBy(() -> hook().pod("mongo-0").releaseCommand(List.of()).build())
        .satisfies(e -> assertThat(e.field()).isEqualTo("releaseCommand"));
  }
}

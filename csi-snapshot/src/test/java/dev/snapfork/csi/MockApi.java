package dev.snapfork.csi;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server in CRUD mode (with expectations checked first, for injected errors)
 * and the {@link ApiServerRules} a real kube-apiserver applies, started once per test class, plus
 * a client for it.
 */
final class MockApi implements AutoCloseable {
  private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

  final KubernetesMockServer server;
  /** The real-API-server behaviour layered over fabric8's mock (label validation, expiring continue tokens). */
  final ApiServerRules rules;
  final KubernetesClient client;

  MockApi() {
    QUIET.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    rules = new ApiServerRules(responses);
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, rules, false);
    server.init();
    // One retry layer: the provider's own (fabric8 would otherwise retry 429/5xx for a long time first).
    client = server.createClient(b -> b.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    MockCluster.registerCrds(server);
    MockCluster.namespace(client, "default");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}

package dev.snapfork.benchmarks.csi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's snapshot controller: for a snapshot it is told about, sets {@code creationTime}
 * (the cut) after a short delay and {@code readyToUse} after the scripted simulated time. It uses
 * its own client, so its requests are not counted against the provider.
 */
final class ScriptedController implements AutoCloseable {
  static final ResourceDefinitionContext VS = new ResourceDefinitionContext.Builder()
      .withGroup("snapshot.storage.k8s.io").withVersion("v1").withKind("VolumeSnapshot").withPlural("volumesnapshots")
      .withNamespaced(true).build();

  private final KubernetesClient client;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

  ScriptedController(KubernetesClient client) {
    this.client = client;
  }

  /** Cuts {@code name} after {@code cutMs} and makes it ready {@code readyMs} after creation (real milliseconds). */
  void script(String ns, String name, long cutMs, long readyMs) {
    executor.schedule(() -> update(ns, name, cutMs, readyMs, false), cutMs, TimeUnit.MILLISECONDS);
    executor.schedule(() -> update(ns, name, cutMs, readyMs, true), Math.max(readyMs, cutMs + 1), TimeUnit.MILLISECONDS);
  }

  /** Cuts {@code name} after {@code cutMs}; readiness only through {@link #readyNow}. */
  void cutOnly(String ns, String name, long cutMs) {
    executor.schedule(() -> update(ns, name, cutMs, 0, false), cutMs, TimeUnit.MILLISECONDS);
  }

  /** Marks {@code name} ready now (on the calling thread). */
  void readyNow(String ns, String name) {
    update(ns, name, 0, 0, true);
  }

  @SuppressWarnings("unchecked")
  private void update(String ns, String name, long cutMs, long readyMs, boolean ready) {
    GenericKubernetesResource vs = client.genericKubernetesResources(VS).inNamespace(ns).withName(name).get();
    if (vs == null) {
      // Not created yet: try again shortly.
      executor.schedule(() -> update(ns, name, cutMs, readyMs, ready), 5, TimeUnit.MILLISECONDS);
      return;
    }
    Map<String, Object> status = (Map<String, Object>) vs.getAdditionalProperties().getOrDefault("status", new HashMap<>());
    if (status.get("creationTime") == null) {
      status.put("creationTime", Instant.now().toString());
      status.put("restoreSize", "1Gi");
    }
    if (!ready && Boolean.TRUE.equals(status.get("readyToUse"))) {
      return; // a late cut task must not undo readiness
    }
    status.put("readyToUse", ready);
    vs.getAdditionalProperties().put("status", status);
    try {
      client.genericKubernetesResources(VS).inNamespace(ns).resource(vs).update();
    } catch (RuntimeException e) {
      // Conflict with a concurrent writer: read again and retry.
      executor.schedule(() -> update(ns, name, cutMs, readyMs, ready), 5, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}

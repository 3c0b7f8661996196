package dev.snapfork.examples.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test stand-in for the Deployment and Job controllers on the CRUD mock server, by polling (no
 * watches): marks Deployments ready, and "runs" each Job by creating its pod with a terminated
 * container ({@link #exitCode}), serving that pod's log, and setting the Job's status.
 */
public final class SimulatedController implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final String namespace;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  public volatile int exitCode;
  public volatile boolean becomeReady = true;

  public SimulatedController(KubernetesMockServer server, KubernetesClient client, String namespace) {
    this.server = server;
    this.client = client;
    this.namespace = namespace;
    this.thread = new Thread(this::loop, "simulated-controller");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running.get()) {
      try {
        simulate();
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // an object deleted between list and update: the next round sees the new state
      }
    }
  }

  private void simulate() {
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      if (becomeReady && (d.getStatus() == null || d.getStatus().getReadyReplicas() == null)) {
        d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
      }
    }
    for (Job j : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
      if (j.getStatus() != null && (j.getStatus().getSucceeded() != null || j.getStatus().getFailed() != null)) {
        continue;
      }
      int code = exitCode;
      String pod = j.getMetadata().getName() + "-x7k2p";
      var labels = new HashMap<>(j.getSpec().getTemplate().getMetadata().getLabels());
      labels.put("job-name", j.getMetadata().getName());
      client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(pod).withLabels(labels).endMetadata()
          .withNewStatus().withPhase(code == 0 ? "Succeeded" : "Failed")
          .withContainerStatuses(new ContainerStatusBuilder().withName("test").withNewState().withNewTerminated()
              .withExitCode(code).endTerminated().endState().build()).endStatus().build()).createOr(p -> p.update());
      server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false")
          .andReturn(200, "connected to " + j.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue()
              + "\n42 orders checked\n").always();
      j.setStatus(code == 0 ? new JobStatusBuilder().withSucceeded(1).build() : new JobStatusBuilder().withFailed(1).build());
      client.batch().v1().jobs().inNamespace(namespace).resource(j).updateStatus();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(5000);
  }
}

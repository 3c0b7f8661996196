package dev.snapfork.examples.kubernetes;

import dev.snapfork.Labels;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.examples.kubernetes.internal.KubeErrors;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Kubernetes half of the staging workflow: from a CSI {@code VolumeSnapshot} (or an existing
 * clone such as a Portworx one), create the staging PVC, a MongoDB Deployment and Service mounting
 * it, wait until the database is ready, run the tests as a Job with {@code MONGODB_URI} pointing
 * at the staging service, forward its log, report its exit, and delete everything the run created
 * (selected by {@value #RUN_LABEL}; an existing claim is never deleted).
 *
 * <p>Readiness and completion are polled (no watches), so nothing depends on watch history.
 * fabric8 errors are translated to Snapfork exceptions; bad input fails in {@link StagingSpec}
 * before any call.
 */
public final class KubernetesStaging {
  /** The label with the run id on everything a run creates. */
  public static final String RUN_LABEL = "snapfork.dev/staging-run";
  private static final int MONGO_PORT = 27017;

  private final KubernetesClient client;
  private final Consumer<String> log;
  private final Duration pollInterval;

  /**
   * @param client the cluster (the caller owns and closes it)
   * @param log receives progress lines and the test log
   * @param pollInterval how often readiness and completion are checked
   */
  public KubernetesStaging(KubernetesClient client, Consumer<String> log, Duration pollInterval) {
    this.client = client;
    this.log = log;
    this.pollInterval = pollInterval;
  }

  /**
   * Runs the tests against a staging database on the snapshot's data, then deletes what it created.
   *
   * @throws SnapshotTimeoutException when the database is not ready in time (after teardown)
   * @throws SnapshotException for a Kubernetes error, translated (after teardown)
   */
  public StagingResult run(StagingSpec spec) {
    String runId = UUID.randomUUID().toString().substring(0, 8);
    String base = "staging-" + runId;
    String ns = spec.namespace();
    Map<String, String> labels = Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, RUN_LABEL, runId, "app.kubernetes.io/name", base);
    Map<String, Duration> phases = new LinkedHashMap<>();
    Map<String, Integer> deleted = new LinkedHashMap<>();
    long t = System.nanoTime();
    boolean[] passed = new boolean[1];
    List<String> lines = new ArrayList<>();
    OptionalInt exit = OptionalInt.empty();
    try {
      String claim = spec.existingClaim().orElse(base);
      if (spec.volumeSnapshot().isPresent()) {
        call("create", "PersistentVolumeClaim", base, () -> client.persistentVolumeClaims().inNamespace(ns).resource(
            new PersistentVolumeClaimBuilder().withNewMetadata().withName(base).withLabels(labels).endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(spec.storageClass().orElse(null))
                .withNewResources().addToRequests("storage", new Quantity(spec.size())).endResources()
                .withNewDataSource().withApiGroup("snapshot.storage.k8s.io").withKind("VolumeSnapshot")
                .withName(spec.volumeSnapshot().get()).endDataSource().endSpec().build()).create());
      }
      call("create", "Deployment", base, () -> client.apps().deployments().inNamespace(ns).resource(deployment(spec, base, claim, labels)).create());
      call("create", "Service", base, () -> client.services().inNamespace(ns).resource(new ServiceBuilder()
          .withNewMetadata().withName(base).withLabels(labels).endMetadata()
          .withNewSpec().withSelector(Map.of(RUN_LABEL, runId)).addNewPort().withName("mongodb").withPort(MONGO_PORT).endPort()
          .endSpec().build()).create());
      log.accept("created PVC " + claim + ", Deployment and Service " + base + " in " + ns);
      t = phase(phases, "create", t);

      waitUntil("the staging database " + base + " to be ready", spec.readyTimeout(), () -> {
        Deployment d = call("read", "Deployment", base, () -> client.apps().deployments().inNamespace(ns).withName(base).get());
        return d != null && d.getStatus() != null && d.getStatus().getReadyReplicas() != null && d.getStatus().getReadyReplicas() >= 1;
      });
      t = phase(phases, "ready", t);

      String jobName = base + "-test";
      String uri = "mongodb://" + base + "." + ns + ".svc:" + MONGO_PORT + "/?directConnection=true";
      call("create", "Job", jobName, () -> client.batch().v1().jobs().inNamespace(ns).resource(new JobBuilder()
          .withNewMetadata().withName(jobName).withLabels(labels).endMetadata()
          .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
          .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("test").withImage(spec.testImage())
          .withCommand(spec.testCommand()).addNewEnv().withName("MONGODB_URI").withValue(uri).endEnv().endContainer()
          .endSpec().endTemplate().endSpec().build()).create());
      log.accept("running tests as Job " + jobName);
      waitUntil("the test Job " + jobName + " to finish", spec.testTimeout(), () -> {
        Job j = call("read", "Job", jobName, () -> client.batch().v1().jobs().inNamespace(ns).withName(jobName).get());
        if (j == null || j.getStatus() == null) {
          return false;
        }
        passed[0] = j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() > 0;
        return passed[0] || j.getStatus().getFailed() != null && j.getStatus().getFailed() > 0;
      });
      for (Pod pod : call("list", "Pod", "job-name=" + jobName,
          () -> client.pods().inNamespace(ns).withLabel("job-name", jobName).list().getItems())) {
        String name = pod.getMetadata().getName();
        String text = call("read log of", "Pod", name, () -> client.pods().inNamespace(ns).withName(name).getLog());
        if (text != null) {
          text.lines().forEach(l -> {
            lines.add(l);
            log.accept("  test| " + l);
          });
        }
        exit = exitCode(pod).isPresent() ? exitCode(pod) : exit;
      }
      if (exit.isEmpty()) {
        exit = OptionalInt.of(passed[0] ? 0 : 1);
      }
      log.accept("tests " + (passed[0] ? "passed" : "failed") + " (exit " + exit.getAsInt() + ")");
      phase(phases, "test", t);
    } finally {
      long td = System.nanoTime();
      teardown(ns, runId, deleted);
      phases.put("teardown", Duration.ofNanos(System.nanoTime() - td));
    }
    return new StagingResult(runId, passed[0], exit, lines, phases, deleted);
  }

  private static Deployment deployment(StagingSpec spec, String base, String claim, Map<String, String> labels) {
    ResourceRequirements resources = new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(spec.cpu())).addToRequests("memory", new Quantity(spec.memory()))
        .addToLimits("cpu", new Quantity(spec.cpu())).addToLimits("memory", new Quantity(spec.memory())).build();
    return new DeploymentBuilder().withNewMetadata().withName(base).withLabels(labels).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels(RUN_LABEL, labels.get(RUN_LABEL)).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("mongodb").withImage(spec.image()).withResources(resources)
        .addNewPort().withContainerPort(MONGO_PORT).withName("mongodb").endPort()
        .withNewReadinessProbe().withNewTcpSocket().withNewPort(MONGO_PORT).endTcpSocket().withPeriodSeconds(2).endReadinessProbe()
        .addNewVolumeMount().withName("data").withMountPath("/data/db").endVolumeMount().endContainer()
        .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  private void teardown(String ns, String runId, Map<String, Integer> deleted) {
    List<String> failures = new ArrayList<>();
    count(deleted, failures, "Job", () -> client.batch().v1().jobs().inNamespace(ns).withLabel(RUN_LABEL, runId)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete().size());
    count(deleted, failures, "Pod", () -> client.pods().inNamespace(ns).withLabel(RUN_LABEL, runId).delete().size());
    count(deleted, failures, "Service", () -> client.services().inNamespace(ns).withLabel(RUN_LABEL, runId).delete().size());
    count(deleted, failures, "Deployment", () -> client.apps().deployments().inNamespace(ns).withLabel(RUN_LABEL, runId).delete().size());
    count(deleted, failures, "PersistentVolumeClaim",
        () -> client.persistentVolumeClaims().inNamespace(ns).withLabel(RUN_LABEL, runId).delete().size());
    log.accept("teardown: deleted " + deleted + (failures.isEmpty() ? "" : "; failed: " + failures));
  }

  private static void count(Map<String, Integer> deleted, List<String> failures, String kind, Supplier<Integer> delete) {
    try {
      deleted.put(kind, delete.get());
    } catch (KubernetesClientException e) {
      failures.add(kind + ": " + e.getMessage());
    }
  }

  private static OptionalInt exitCode(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return OptionalInt.empty();
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      ContainerStateTerminated term = cs.getState() == null ? null : cs.getState().getTerminated();
      if (term != null && term.getExitCode() != null) {
        return OptionalInt.of(term.getExitCode());
      }
    }
    return OptionalInt.empty();
  }

  private void waitUntil(String what, Duration timeout, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastNote = System.nanoTime();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new SnapshotTimeoutException("timed out waiting for " + what + " after " + timeout.toSeconds() + " s", timeout);
      }
      if (System.nanoTime() - lastNote > Duration.ofSeconds(10).toNanos()) {
        log.accept("still waiting for " + what);
        lastNote = System.nanoTime();
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SnapshotException("interrupted while waiting for " + what, e);
      }
    }
  }

  private static <T> T call(String what, String kind, String name, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw KubeErrors.translate(what, kind, name, e);
    }
  }

  private static long phase(Map<String, Duration> phases, String name, long start) {
    phases.put(name, Duration.ofNanos(System.nanoTime() - start));
    return System.nanoTime();
  }
}

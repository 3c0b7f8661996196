package dev.snapfork.csi.internal.exec;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Holds the pods a {@code kubernetes-exec} hook quiesced; release runs the release command in each, in reverse order. */
public final class ExecHandle implements QuiesceHandle {
  private final KubernetesClient client;
  private final String namespace;
  private final List<String> pods;
  private final String container;
  private final List<String> releaseCommand;
  private final Duration timeout;
  private final AtomicBoolean released = new AtomicBoolean();

  public ExecHandle(KubernetesClient client, String namespace, List<String> pods, String container, List<String> releaseCommand,
      Duration timeout) {
    this.client = client;
    this.namespace = namespace;
    this.pods = List.copyOf(pods);
    this.container = container;
    this.releaseCommand = releaseCommand;
    this.timeout = timeout;
  }

  /**
   * Runs the release command in every quiesced pod, even when one fails.
   *
   * @throws ConsistencyException naming each pod whose release failed (it may still be quiesced)
   */
  @Override
  public void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    List<String> failures = releaseAll(client, namespace, pods, container, releaseCommand, timeout);
    if (!failures.isEmpty()) {
      throw new ConsistencyException("hook kubernetes-exec could not release every pod; these may still be quiesced and need "
          + "the release command run by hand: " + String.join("; ", failures), null);
    }
  }

  /** Releases {@code pods} after a failed quiesce, attaching release failures to {@code cause} as suppressed. */
  public static void releaseQuietly(KubernetesClient client, String namespace, List<String> pods, String container,
      List<String> releaseCommand, Duration timeout, Exception cause) {
    for (String f : releaseAll(client, namespace, pods, container, releaseCommand, timeout)) {
      cause.addSuppressed(new ConsistencyException("release after failed quiesce: " + f, null));
    }
  }

  private static List<String> releaseAll(KubernetesClient client, String namespace, List<String> pods, String container,
      List<String> releaseCommand, Duration timeout) {
    List<String> failures = new ArrayList<>();
    for (int i = pods.size() - 1; i >= 0; i--) {
      String p = pods.get(i);
      try {
        PodExec.Result r = PodExec.run(client, namespace, p, container, releaseCommand, timeout, "release");
        if (r.exitCode() != 0) {
          failures.add(failure("release", namespace, p, container, r).getMessage());
        }
      } catch (SnapshotException e) {
        failures.add("pod " + namespace + "/" + p + PodExec.containerText(container) + ": " + e.getMessage());
      }
    }
    return failures;
  }

  /** The error for a command that exited non-zero: pod, container, exit code, stderr tail. */
  public static ConsistencyException failure(String purpose, String namespace, String pod, String container, PodExec.Result r) {
    return new ConsistencyException("hook kubernetes-exec: " + purpose + " command in pod " + namespace + "/" + pod
        + PodExec.containerText(container) + " exited with code " + r.exitCode() + "; stderr tail: " + PodExec.tail(r.stderr()), null);
  }
}

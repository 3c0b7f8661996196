package dev.snapfork.csi;

import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotException;
import dev.snapfork.csi.internal.ApiCall;
import dev.snapfork.csi.internal.ErrorTranslator;
import dev.snapfork.csi.internal.K8sNames;
import dev.snapfork.csi.internal.exec.ExecHandle;
import dev.snapfork.csi.internal.exec.PodExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistency hook {@code kubernetes-exec}: runs a quiesce command in a container of each
 * selected pod before the cut and a release command after it (e.g. {@code mongosh --eval
 * 'db.fsyncLock()'} / {@code 'db.fsyncUnlock()'}, or {@code fsfreeze --freeze} / {@code
 * --unfreeze}). Pods are chosen by name or by label selector; with several pods the command runs
 * in each, in name order, and release runs in reverse order. When quiesce fails in one pod the
 * pods already quiesced are released before the error is thrown.
 *
 * <p>Errors are {@link ConsistencyException}s naming the pod, container, exit code and the tail of
 * stderr; API errors are translated like the provider's (403 names {@code create} on
 * {@code pods/exec}). The release command runs whenever the orchestrator releases the handle,
 * which it does on every path, a failed cut included.
 */
public final class KubernetesExecHook implements ConsistencyHook {
  /** The hook name. */
  public static final String NAME = "kubernetes-exec";

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final String pod;
  private final Map<String, String> selector;
  private final String container;
  private final List<String> quiesceCommand;
  private final List<String> releaseCommand;
  private final Duration timeout;

  private KubernetesExecHook(Builder b) {
    if (b.client == null) {
      throw new InvalidRequestException("client", "is required");
    }
    this.client = b.client;
    this.ownsClient = b.ownsClient;
    this.namespace = K8sNames.namespace("namespace", b.namespace == null ? "default" : b.namespace);
    if ((b.pod == null) == b.selector.isEmpty()) {
      throw new InvalidRequestException("pod", "set exactly one of pod (a name) and selector (labels)");
    }
    this.pod = b.pod == null ? null : K8sNames.objectName("pod", b.pod);
    this.selector = Map.copyOf(K8sNames.labels("selector", b.selector));
    this.container = b.container == null ? null : K8sNames.namespace("container", b.container);
    if (b.quiesceCommand == null || b.quiesceCommand.isEmpty() || b.quiesceCommand.get(0).isBlank()) {
      throw new InvalidRequestException("quiesceCommand", "is required");
    }
    if (b.releaseCommand == null || b.releaseCommand.isEmpty() || b.releaseCommand.get(0).isBlank()) {
      throw new InvalidRequestException("releaseCommand", "is required");
    }
    this.quiesceCommand = List.copyOf(b.quiesceCommand);
    this.releaseCommand = List.copyOf(b.releaseCommand);
    if (b.timeout == null || b.timeout.isZero() || b.timeout.isNegative()) {
      throw new InvalidRequestException("timeout", "must be a positive duration");
    }
    this.timeout = b.timeout;
  }

  /** Starts a hook. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Runs the quiesce command in every selected pod.
   *
   * @throws ConsistencyException when no pod matches, a command exits non-zero or times out (pods
   *     already quiesced are released first)
   * @throws dev.snapfork.PermissionDeniedException when the client may not list pods or create pods/exec
   */
  @Override
  public QuiesceHandle quiesce(QuiesceContext context) {
    Duration limit = context.timeout().compareTo(timeout) < 0 ? context.timeout() : timeout;
    List<String> pods = pods();
    List<String> done = new ArrayList<>();
    for (String p : pods) {
      PodExec.Result r;
      try {
        r = PodExec.run(client, namespace, p, container, quiesceCommand, limit, "quiesce");
      } catch (SnapshotException e) {
        ExecHandle.releaseQuietly(client, namespace, done, container, releaseCommand, timeout, e);
        throw e instanceof ConsistencyException ? e : new ConsistencyException("hook " + NAME + " could not quiesce pod "
            + namespace + "/" + p + ": " + e.getMessage(), e);
      }
      if (r.exitCode() != 0) {
        ConsistencyException failure = ExecHandle.failure("quiesce", namespace, p, container, r);
        ExecHandle.releaseQuietly(client, namespace, done, container, releaseCommand, timeout, failure);
        throw failure;
      }
      done.add(p);
    }
    return new ExecHandle(client, namespace, done, container, releaseCommand, timeout);
  }

  private List<String> pods() {
    if (pod != null) {
      return List.of(pod);
    }
    List<Pod> found;
    try {
      found = client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(new ApiCall("list", "pods", "", "pod", namespace, null), e);
    }
    List<String> names = found.stream()
        .filter(p -> p.getStatus() == null || p.getStatus().getPhase() == null || "Running".equals(p.getStatus().getPhase()))
        .map(p -> p.getMetadata().getName())
        .sorted(Comparator.naturalOrder())
        .toList();
    if (names.isEmpty()) {
      throw new ConsistencyException("hook " + NAME + ": no running pod in namespace " + namespace + " matches selector "
          + selector + "; nothing was quiesced", null);
    }
    return names;
  }

  /** Closes the client when the hook created it. */
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "KubernetesExecHook{namespace=" + namespace + ", pod=" + pod + ", selector=" + selector + ", container=" + container
        + ", quiesce=" + quiesceCommand.get(0) + ", release=" + releaseCommand.get(0) + ", timeout=" + timeout + "}";
  }

  /** Builds a {@link KubernetesExecHook}. */
  public static final class Builder {
    private KubernetesClient client;
    private boolean ownsClient;
    private String namespace;
    private String pod;
    private final Map<String, String> selector = new LinkedHashMap<>();
    private String container;
    private List<String> quiesceCommand;
    private List<String> releaseCommand;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder() {}

    /** The client (not closed by the hook). */
    public Builder client(KubernetesClient client) {
      this.client = client;
      this.ownsClient = false;
      return this;
    }

    /** A client the hook owns ({@link #close()} closes it). */
    public Builder ownedClient(KubernetesClient client) {
      this.client = client;
      this.ownsClient = true;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** One pod by name (or use {@link #selector}). */
    public Builder pod(String pod) {
      this.pod = pod;
      return this;
    }

    /** Pods by label (all must match). */
    public Builder selector(Map<String, String> labels) {
      this.selector.putAll(labels);
      return this;
    }

    /** The container; unset means the pod's only (or default) container. */
    public Builder container(String container) {
      this.container = container;
      return this;
    }

    /** The quiesce command as argv, e.g. {@code List.of("sh", "-c", "fsfreeze --freeze /data")}. */
    public Builder quiesceCommand(List<String> argv) {
      this.quiesceCommand = argv;
      return this;
    }

    /** The release command as argv. */
    public Builder releaseCommand(List<String> argv) {
      this.releaseCommand = argv;
      return this;
    }

    /** The longest any one command may run (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** @throws InvalidRequestException naming the field when a value is missing or invalid */
    public KubernetesExecHook build() {
      return new KubernetesExecHook(this);
    }
  }
}

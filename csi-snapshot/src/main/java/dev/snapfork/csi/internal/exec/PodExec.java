package dev.snapfork.csi.internal.exec;

import dev.snapfork.ConsistencyException;
import dev.snapfork.SnapshotException;
import dev.snapfork.csi.internal.ApiCall;
import dev.snapfork.csi.internal.ErrorTranslator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one command in one container of one pod through the API server's exec subresource. */
public final class PodExec {
  /** How much of stderr/stdout a failure message quotes. */
  static final int TAIL = 400;

  private PodExec() {}

  /**
   * The outcome of a command.
   *
   * @param exitCode the command's exit code
   * @param stdout captured standard output
   * @param stderr captured standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code command} and waits up to {@code timeout} for it to exit.
   *
   * @throws ConsistencyException on timeout (naming pod, container and command name)
   * @throws SnapshotException translated from the API (403 names the {@code create pods/exec} rule)
   */
  public static Result run(KubernetesClient client, String namespace, String pod, String container, List<String> command,
      Duration timeout, String purpose) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecWatch watch;
    try {
      PodResource resource = client.pods().inNamespace(namespace).withName(pod);
      watch = container == null
          ? resource.writingOutput(out).writingError(err).exec(command.toArray(String[]::new))
          : resource.inContainer(container).writingOutput(out).writingError(err).exec(command.toArray(String[]::new));
    } catch (RuntimeException e) {
      throw ErrorTranslator.translate(new ApiCall("create", "pods/exec", "", "pod", namespace, namespace + "/" + pod), e);
    }
    try (ExecWatch w = watch) {
      Integer code = w.exitCode().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } catch (TimeoutException e) {
      throw new ConsistencyException(purpose + " command '" + command.get(0) + "' in pod " + namespace + "/" + pod
          + containerText(container) + " did not finish within " + timeout + "; stderr tail: " + tail(err.toString(StandardCharsets.UTF_8)), e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw ErrorTranslator.translate(new ApiCall("create", "pods/exec", "", "pod", namespace, namespace + "/" + pod), re);
      }
      throw new ConsistencyException(purpose + " command in pod " + namespace + "/" + pod + containerText(container) + " failed: " + c, c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConsistencyException("interrupted while running the " + purpose + " command in pod " + namespace + "/" + pod, e);
    }
  }

  static String containerText(String container) {
    return container == null ? "" : " container " + container;
  }

  /** The last {@value #TAIL} characters of {@code text}, trimmed. */
  static String tail(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "(empty)";
    }
    return t.length() <= TAIL ? t : "..." + t.substring(t.length() - TAIL);
  }
}

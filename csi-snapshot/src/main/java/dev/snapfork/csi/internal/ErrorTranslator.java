package dev.snapfork.csi.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The one place where fabric8 / Kubernetes API errors become Snapfork exceptions. Messages name
 * the call (verb, resource, namespace, object) and, for 403, the RBAC rule that is missing.
 * Server messages are included; they carry no credentials.
 */
public final class ErrorTranslator {
  private ErrorTranslator() {}

  /** Translates any runtime failure of {@code call}; Snapfork exceptions pass through unchanged. */
  public static SnapshotException translate(ApiCall call, RuntimeException e) {
    if (e instanceof SnapshotException se) {
      return se;
    }
    if (!(e instanceof KubernetesClientException kce)) {
      return new BackendFailureException("Kubernetes client failed to " + call.describe() + ": " + e, e);
    }
    int code = kce.getCode();
    String server = serverMessage(kce);
    if (code <= 0) {
      // Exec and watch upgrades report the HTTP status on a nested exception.
      for (Throwable c = kce.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        if (c instanceof KubernetesClientException inner && inner.getCode() > 0) {
          return translate(call, inner);
        }
        if (c instanceof WebSocketHandshakeException wse && wse.getResponse() != null && wse.getResponse().code() > 0) {
          code = wse.getResponse().code();
          server = "the API server rejected the upgrade with HTTP " + code;
          break;
        }
      }
    }
    switch (code) {
      case 400:
      case 422:
        return new InvalidRequestException(invalidField(kce), "the API server rejected " + call.describe() + ": " + server, kce);
      case 401:
        return new PermissionDeniedException("the API server did not accept the client's credentials for " + call.describe()
            + " (HTTP 401); check the kubeconfig user or the service account token", kce);
      case 403:
        return new PermissionDeniedException("permission denied: cannot " + call.verb() + " resource '" + call.resource()
            + "' in API group '" + (call.apiGroup().isEmpty() ? "\"\" (core)" : call.apiGroup()) + "'"
            + (call.namespace() == null ? " (cluster-scoped)" : " in namespace '" + call.namespace() + "'")
            + missingNamespaceHint(call)
            + "; grant verb '" + call.verb() + "' on '" + call.qualifiedResource()
            + "' to the client's user or service account (see the minimal RBAC in the csi-snapshot README). Server said: "
            + server, kce);
      case 404:
        return new NotFoundException(call.kind(), call.id() == null ? call.qualifiedResource() : call.id(),
            "not found: " + call.describe() + " (" + server + ")", kce);
      case 409:
        return new ConflictException("conflict on " + call.describe() + ": " + server, kce, false);
      case 410:
        // shared/reference/csi-snapshot.md: continue tokens and resource versions expire after etcd
        // compaction; "the fix is a fresh list, never the same token again". Hence not retryable.
        return new ExpiredListException("the listing's continue token (or resource version) expired during "
            + call.describe() + " (HTTP 410 Gone: etcd compacted it); sending it again cannot succeed, start the listing "
            + "again from the first page. Server said: " + server, kce);
      case 429:
        return new RateLimitedException("the API server throttled " + call.describe() + " (HTTP 429): " + server, kce,
            retryAfter(kce));
      default:
        if (code >= 500) {
          return new UnavailableException("the API server failed " + call.describe() + " (HTTP " + code + "): " + server, kce,
              retryAfter(kce));
        }
        if (code <= 0 && unreachable(kce)) {
          return new UnavailableException("the Kubernetes API server is unreachable (" + call.describe() + "): "
              + rootMessage(kce), kce);
        }
        return new BackendFailureException("Kubernetes API call failed: " + call.describe() + " (HTTP " + code + "): " + server, kce);
    }
  }

  /**
   * A namespaced Role cannot tell "namespace missing" from "forbidden": the API server answers a
   * call into a namespace that does not exist with 403 (shared/reference/csi-snapshot.md).
   */
  private static String missingNamespaceHint(ApiCall call) {
    if (call.namespace() == null) {
      return "";
    }
    return " (namespace '" + call.namespace() + "' may not exist: with rights granted by a namespaced Role, a call into a "
        + "namespace that does not exist is also answered 403; check the namespace name, e.g. snapfork.csi.namespace or "
        + "the volume reference, before changing RBAC)";
  }

  private static boolean unreachable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
          || c instanceof java.net.NoRouteToHostException || c instanceof java.net.SocketTimeoutException
          || c instanceof java.nio.channels.ClosedChannelException || c instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  private static String serverMessage(KubernetesClientException e) {
    Status s = e.getStatus();
    if (s != null && s.getMessage() != null && !s.getMessage().isBlank()) {
      return s.getMessage();
    }
    return e.getMessage() == null ? "no message" : e.getMessage();
  }

  private static String invalidField(KubernetesClientException e) {
    Status s = e.getStatus();
    if (s != null && s.getDetails() != null && s.getDetails().getCauses() != null) {
      for (StatusCause c : s.getDetails().getCauses()) {
        if (c.getField() != null && !c.getField().isBlank()) {
          return c.getField();
        }
      }
    }
    return "request";
  }

  private static Duration retryAfter(KubernetesClientException e) {
    Status s = e.getStatus();
    if (s != null && s.getDetails() != null && s.getDetails().getRetryAfterSeconds() != null
        && s.getDetails().getRetryAfterSeconds() > 0) {
      return Duration.ofSeconds(s.getDetails().getRetryAfterSeconds());
    }
    return Duration.ofSeconds(1);
  }
}

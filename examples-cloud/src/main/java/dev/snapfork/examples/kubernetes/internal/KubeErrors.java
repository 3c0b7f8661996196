package dev.snapfork.examples.kubernetes.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The one place where fabric8 errors become Snapfork exceptions. */
public final class KubeErrors {
  private KubeErrors() {}

  /** Translates {@code e}, raised while doing {@code what} on {@code kind}/{@code name}. */
  public static SnapshotException translate(String what, String kind, String name, KubernetesClientException e) {
    int code = e.getCode();
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    String message = what + " " + kind + " " + name + ": " + reason;
    return switch (code) {
      case 400, 422 -> new InvalidRequestException(kind + "/" + name, reason, e);
      case 401, 403 -> new PermissionDeniedException(message + " (check the service account's RBAC)", e);
      case 404 -> new NotFoundException(kind, name, reason, e);
      case 409 -> new ConflictException(message, e, false);
      case 429, 500, 502, 503, 504 -> new UnavailableException(message, e);
      default -> code == 0 ? new UnavailableException(message, e) : new BackendFailureException(message, e);
    };
  }
}

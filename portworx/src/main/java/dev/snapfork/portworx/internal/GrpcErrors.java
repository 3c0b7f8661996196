package dev.snapfork.portworx.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/**
 * The one translator from gRPC status to Snapfork exceptions for the Portworx backend. Keeps the
 * server's message (with any occurrence of the bearer token masked) and the rpc name.
 */
public final class GrpcErrors {
  private final TokenSource tokens;

  /** @param tokens the token source whose current value is masked in messages */
  public GrpcErrors(TokenSource tokens) {
    this.tokens = tokens;
  }

  /**
   * Translates a failed call.
   *
   * @param rpc the rpc name, e.g. {@code SnapshotCreate}
   * @param target what the call was about: kind ({@code "snapshot"}/{@code "volume"}) and id, for
   *     NOT_FOUND; may be null when the call is about no single object
   * @param deadline the call's deadline, reported on DEADLINE_EXCEEDED
   */
  public SnapshotException translate(String rpc, Target target, Duration deadline, StatusRuntimeException e) {
    Status status = e.getStatus();
    String serverMessage = redact(status.getDescription() == null ? "" : status.getDescription());
    String message = "Portworx " + rpc + " failed: " + status.getCode() + (serverMessage.isEmpty() ? "" : ": " + serverMessage);
    SnapshotException out = switch (status.getCode()) {
      case NOT_FOUND -> target == null
          ? new BackendFailureException(message, e)
          : new NotFoundException(target.kind(), target.id(), message, e);
      case INVALID_ARGUMENT -> new InvalidRequestException(target == null ? "request" : target.kind(), "rejected by the server: " + message, e);
      case PERMISSION_DENIED, UNAUTHENTICATED -> new PermissionDeniedException(message, e);
      case UNAVAILABLE -> new UnavailableException(message, e);
      case RESOURCE_EXHAUSTED -> new RateLimitedException(message, e, null);
      case DEADLINE_EXCEEDED -> new SnapshotTimeoutException(message + " (call deadline " + deadline + ")", deadline, e);
      case ABORTED -> new ConflictException(message, e, true);
      case ALREADY_EXISTS, FAILED_PRECONDITION -> new ConflictException(message, e, false);
      case CANCELLED -> new SnapshotException(message, e);
      default -> new BackendFailureException(message, e);
    };
    return out;
  }

  /** Masks the current token wherever it appears in {@code text}. */
  public String redact(String text) {
    String token = tokens.peek();
    if (token == null || token.isEmpty() || text == null) {
      return text;
    }
    return text.replace(token, "****");
  }

  /** What a call was about, for NOT_FOUND and INVALID_ARGUMENT. */
  public record Target(String kind, String id) {
    /** A snapshot by id. */
    public static Target snapshot(String id) {
      return new Target("snapshot", id);
    }

    /** A volume by id or name. */
    public static Target volume(String id) {
      return new Target("volume", id);
    }
  }
}

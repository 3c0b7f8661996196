package dev.snapfork.portworx.fake;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * The server's bearer-token check, as Portworx with auth enabled: a call without the expected
 * {@code authorization: bearer <token>} gets PERMISSION_DENIED. Off until a token is required.
 */
public final class TokenCheck implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private volatile String required;
  private volatile String lastSeen;

  /** Requires {@code token} from now on (null: no check). */
  public void require(String token) {
    this.required = token;
  }

  /** The last token presented (without the scheme), or null. */
  public String lastSeen() {
    return lastSeen;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String header = headers.get(AUTHORIZATION);
    String token = header != null && header.regionMatches(true, 0, "bearer ", 0, 7) ? header.substring(7) : null;
    lastSeen = token;
    String want = required;
    if (want != null && !want.equals(token)) {
      call.close(Status.PERMISSION_DENIED.withDescription(token == null
          ? "Access denied: guest access is not allowed for this operation"
          : "Access denied: token is not valid: signature verification failed"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}

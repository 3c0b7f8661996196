package dev.snapfork.portworx.internal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds {@code authorization: bearer <token>} to every call when a token is configured. */
public final class BearerTokenInterceptor implements ClientInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final TokenSource tokens;

  public BearerTokenInterceptor(TokenSource tokens) {
    this.tokens = tokens;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        String token = tokens.current();
        if (token != null) {
          headers.put(AUTHORIZATION, "bearer " + token);
        }
        super.start(listener, headers);
      }
    };
  }

  @Override
  public String toString() {
    return "BearerTokenInterceptor{" + tokens + "}";
  }
}

package dev.snapfork.portworx.fake;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection and call counting for the fake server: the next N calls fail with a status
 * (UNAVAILABLE bursts, RESOURCE_EXHAUSTED, ...), or never answer (the client's deadline expires).
 * Faults may be limited to one rpc method (e.g. {@code SnapshotCreate}).
 */
public final class Faults implements ServerInterceptor {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private volatile Status failWith = Status.UNAVAILABLE;
  private volatile String onlyMethod;
  private final AtomicInteger lostReplies = new AtomicInteger();

  /** The next {@code n} calls (of {@code method}, or any when null) fail with {@code status}. */
  public void fail(int n, Status status, String method) {
    failWith = status;
    onlyMethod = method;
    failures.set(n);
  }

  /** The next {@code n} calls (of {@code method}, or any when null) are never answered. */
  public void stall(int n, String method) {
    onlyMethod = method;
    stalls.set(n);
  }

  /**
   * The next {@code n} calls (of {@code method}, or any when null) are carried out by the server,
   * but the reply is lost: the client sees UNAVAILABLE.
   */
  public void loseReplies(int n, String method) {
    onlyMethod = method;
    lostReplies.set(n);
  }

  /** Calls received per rpc method name (faulted ones included). */
  public int calls(String method) {
    AtomicInteger n = calls.get(method);
    return n == null ? 0 : n.get();
  }

  /** Calls received in all. */
  public int totalCalls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Forgets the counts. */
  public void resetCounts() {
    calls.clear();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    String only = onlyMethod;
    boolean applies = only == null || only.equals(method);
    if (applies && failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      call.close(failWith, new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (applies && stalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return new ServerCall.Listener<>() {};
    }
    if (applies && lostReplies.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(R message) {
          // dropped: the work is done, the reply never arrives
        }

        @Override
        public void close(Status status, Metadata trailers) {
          super.close(Status.UNAVAILABLE.withDescription("connection reset after the request was processed"), new Metadata());
        }
      }, headers);
    }
    return next.startCall(call, headers);
  }
}

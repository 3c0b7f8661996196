package dev.snapfork;

import java.time.Duration;

/**
 * A deadline passed: waiting for readiness, a backend call, or a hook. The operation may still
 * complete on the backend; the message says what was waited for and for how long.
 */
public class SnapshotTimeoutException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final Duration waited;

  public SnapshotTimeoutException(String message, Duration waited) {
    this(message, waited, null);
  }

  public SnapshotTimeoutException(String message, Duration waited, Throwable cause) {
    super(message, cause, true);
    this.waited = waited;
  }

  /** How long was waited before giving up. */
  public Duration waited() {
    return waited;
  }
}

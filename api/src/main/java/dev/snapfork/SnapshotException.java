package dev.snapfork;

/**
 * Base of every error the Snapfork API throws. Unchecked; no raw backend exception (gRPC, AWS,
 * Kubernetes) escapes the API: each backend translates its native errors into one of the
 * subclasses, keeping the backend's message.
 *
 * <p>{@link #retryable()} tells whether the same call may succeed if repeated later (after
 * {@link UnavailableException#suggestedDelay()} where given).
 */
public class SnapshotException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public SnapshotException(String message) {
    this(message, null, false);
  }

  public SnapshotException(String message, Throwable cause) {
    this(message, cause, false);
  }

  protected SnapshotException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether repeating the same call later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}

package dev.snapfork;

/**
 * The backend reported that an operation failed (e.g. a snapshot went to the {@code error}
 * state, or a CSI driver set {@code status.error}). The message keeps the backend's own words.
 */
public class BackendFailureException extends SnapshotException {
  private static final long serialVersionUID = 1L;

  public BackendFailureException(String message, Throwable cause) {
    super(message, cause, false);
  }

  public BackendFailureException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}

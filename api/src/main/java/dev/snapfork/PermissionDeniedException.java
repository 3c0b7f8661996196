package dev.snapfork;

/** The backend refused the call: missing or expired credentials, or no permission. Not retryable. */
public class PermissionDeniedException extends SnapshotException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message, Throwable cause) {
    super(message, cause, false);
  }
}

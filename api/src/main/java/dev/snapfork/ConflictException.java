package dev.snapfork;

/**
 * The call conflicts with the current state: a name already taken by an object that is not the
 * earlier attempt of this request, or a concurrent change (retryable when the backend says so).
 */
public class ConflictException extends SnapshotException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}

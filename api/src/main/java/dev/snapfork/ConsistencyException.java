package dev.snapfork;

/**
 * Application consistency could not be guaranteed: a hook failed to quiesce or release, or the
 * freeze was lifted (by the {@code maxFreeze} watchdog or a dropped lock session) before the cut
 * was made. The message names the hook and says what was done about any snapshot already cut.
 */
public class ConsistencyException extends SnapshotException {
  private static final long serialVersionUID = 1L;

  public ConsistencyException(String message, Throwable cause) {
    super(message, cause, false);
  }

  public ConsistencyException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}

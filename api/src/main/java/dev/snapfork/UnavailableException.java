package dev.snapfork;

import java.time.Duration;
import java.util.Optional;

/**
 * The backend is unreachable, overloaded or rate limiting. Retryable; {@link #suggestedDelay()}
 * carries the backend's advice on how long to wait, where it gave one.
 */
public class UnavailableException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final Duration suggestedDelay;

  public UnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public UnavailableException(String message, Throwable cause, Duration suggestedDelay) {
    super(message, cause, true);
    this.suggestedDelay = suggestedDelay;
  }

  /** How long the backend suggests waiting before trying again, if it said. */
  public Optional<Duration> suggestedDelay() {
    return Optional.ofNullable(suggestedDelay);
  }
}

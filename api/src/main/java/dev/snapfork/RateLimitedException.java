package dev.snapfork;

import java.time.Duration;

/** The backend throttled the call (e.g. AWS {@code RequestLimitExceeded}). Retryable after a delay. */
public class RateLimitedException extends UnavailableException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(String message, Throwable cause, Duration suggestedDelay) {
    super(message, cause, suggestedDelay);
  }
}

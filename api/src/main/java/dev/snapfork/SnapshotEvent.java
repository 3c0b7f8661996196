package dev.snapfork;

import java.time.Duration;
import java.util.Optional;

/**
 * A finished phase of an orchestrated snapshot or fork, with its timing.
 *
 * @param requestId the orchestration's request id
 * @param phase which phase
 * @param subject what it concerned: a hook name, a volume, a snapshot id, or empty for the whole
 * @param duration how long it took
 * @param failure the error when the phase failed
 */
public record SnapshotEvent(String requestId, Phase phase, String subject, Duration duration, Optional<Throwable> failure) {
  public SnapshotEvent {
    failure = failure == null ? Optional.empty() : failure;
  }

  /** Whether the phase succeeded. */
  public boolean succeeded() {
    return failure.isEmpty();
  }

  @Override
  public String toString() {
    return phase + (subject.isEmpty() ? "" : " " + subject) + " " + duration.toNanos() / 1_000_000.0 + " ms"
        + failure.map(f -> " FAILED: " + f.getMessage()).orElse("");
  }
}

package dev.snapfork;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of {@link Snapshotter#fork}.
 *
 * @param snapshot the consistent snapshot (ready), with its freeze window and events
 * @param volume the writable clone
 * @param readyWait how long the snapshot took to become ready after the cut
 * @param cloneDuration how long the clone took
 * @param events every phase of the fork with its timing, in the order they finished
 */
public record ForkResult(SnapshotResult snapshot, Volume volume, Duration readyWait, Duration cloneDuration, List<SnapshotEvent> events) {
  public ForkResult {
    events = List.copyOf(events);
  }
}

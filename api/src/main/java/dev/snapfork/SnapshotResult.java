package dev.snapfork;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an orchestrated snapshot (one volume or a group).
 *
 * @param requestId the orchestration's request id (the group id for groups)
 * @param snapshots one snapshot per requested volume, in request order; {@code READY} when the
 *     call waited for readiness, else as cut
 * @param consistency what the snapshots guarantee
 * @param freezeWindow from the first hook quiesced to the last hook released; zero without hooks
 * @param cutDuration how long the cut phase took (all volumes)
 * @param hooks the names of the hooks that held the application quiesced, in quiesce order
 * @param events every phase with its timing, in the order they finished
 */
public record SnapshotResult(
    String requestId,
    List<Snapshot> snapshots,
    Consistency consistency,
    Duration freezeWindow,
    Duration cutDuration,
    List<String> hooks,
    List<SnapshotEvent> events) {

  public SnapshotResult {
    snapshots = List.copyOf(snapshots);
    hooks = List.copyOf(hooks);
    events = List.copyOf(events);
  }

  /** The only snapshot, for single-volume calls. */
  public Snapshot snapshot() {
    if (snapshots.size() != 1) {
      throw new IllegalStateException("a group result holds " + snapshots.size() + " snapshots; use snapshots()");
    }
    return snapshots.get(0);
  }
}

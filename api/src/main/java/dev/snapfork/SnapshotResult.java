package dev.snapfork;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param releaseMetadata what the hooks reported once released ({@link QuiesceHandle#releaseMetadata()}),
 *     e.g. PostgreSQL's backup label that a clone needs before a server starts on it; empty when
 *     no hook reported any
 */
public record SnapshotResult(
    String requestId,
    List<Snapshot> snapshots,
    Consistency consistency,
    Duration freezeWindow,
    Duration cutDuration,
    List<String> hooks,
    List<SnapshotEvent> events,
    Map<String, String> releaseMetadata) {

  public SnapshotResult {
    snapshots = List.copyOf(snapshots);
    hooks = List.copyOf(hooks);
    events = List.copyOf(events);
    releaseMetadata = releaseMetadata == null ? Map.of() : Map.copyOf(releaseMetadata);
  }

  /** A result without release metadata (the shape before {@link #releaseMetadata()} existed). */
  public SnapshotResult(String requestId, List<Snapshot> snapshots, Consistency consistency, Duration freezeWindow,
      Duration cutDuration, List<String> hooks, List<SnapshotEvent> events) {
    this(requestId, snapshots, consistency, freezeWindow, cutDuration, hooks, events, Map.of());
  }

  /** The only snapshot, for single-volume calls. */
  public Snapshot snapshot() {
    if (snapshots.size() != 1) {
      throw new IllegalStateException("a group result holds " + snapshots.size() + " snapshots; use snapshots()");
    }
    return snapshots.get(0);
  }
}

package dev.snapfork;

import java.util.Map;
import java.util.Optional;

/**
 * What a successful {@link ConsistencyHook#quiesce} holds until release. The orchestrator calls
 * {@link #release()} exactly once.
 */
public interface QuiesceHandle {

  /**
   * Lets the application go (unlock, end backup mode, close the session).
   *
   * @throws ConsistencyException when release failed; the message says plainly whether the
   *     application may still be quiesced and how to recover
   */
  void release();

  /**
   * Whether the freeze has been lost before release, e.g. because the lock session died. When
   * present, a cut made after the loss is not application-consistent; the value says why. The
   * orchestrator checks this right after the cut.
   */
  default Optional<String> freezeLost() {
    return Optional.empty();
  }

  /**
   * Facts to attach to the snapshot as labels (e.g. binary log position), known once quiesced.
   * Keys should be namespaced ({@code snapfork.dev/mysql-binlog-file}).
   */
  default Map<String, String> snapshotLabels() {
    return Map.of();
  }

  /**
   * Facts known only once the application was released, which the staging step needs to use the
   * snapshot (e.g. PostgreSQL's {@code backup_label}, returned by {@code pg_backup_stop} after the
   * cut). The orchestrator reads this once, right after {@link #release()} returned normally on
   * the cut path, and exposes it as {@link SnapshotResult#releaseMetadata()}; it cannot be a label
   * because the snapshot already exists when it is known. Keys should be namespaced
   * ({@code snapfork.dev/postgres-backup-label}); values may be long and multi-line.
   */
  default Map<String, String> releaseMetadata() {
    return Map.of();
  }
}

package dev.snapfork.postgres;

/**
 * The labels the {@link PostgresHook} puts on a snapshot, and the release metadata keys
 * ({@link dev.snapfork.SnapshotResult#releaseMetadata()}) it reports in backup mode.
 */
public final class PostgresLabels {
  /** Label: the mode, {@code checkpoint} or {@code backup}. */
  public static final String MODE = "snapfork.dev/postgres-mode";
  /** Label (checkpoint mode): the LSN of the checkpoint made right before the cut. */
  public static final String CHECKPOINT_LSN = "snapfork.dev/postgres-checkpoint-lsn";
  /** Label (backup mode): the LSN {@code pg_backup_start} returned. */
  public static final String BACKUP_START_LSN = "snapfork.dev/postgres-backup-start-lsn";

  /** Release metadata: the {@code backup_label} file content to write into the clone. */
  public static final String BACKUP_LABEL = "snapfork.dev/postgres-backup-label";
  /** Release metadata: the {@code tablespace_map} content, present only when there are tablespaces. */
  public static final String TABLESPACE_MAP = "snapfork.dev/postgres-tablespace-map";
  /** Release metadata: the LSN {@code pg_backup_stop} returned; WAL up to it must reach the clone. */
  public static final String BACKUP_STOP_LSN = "snapfork.dev/postgres-backup-stop-lsn";

  private PostgresLabels() {}
}

package dev.snapfork.postgres.internal;

import dev.snapfork.QuiesceHandle;
import dev.snapfork.config.Secret;
import dev.snapfork.postgres.PostgresLabels;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session holding a non-exclusive base backup open from quiesce to release. Release calls
 * {@code pg_backup_stop} on it and keeps the backup label as release metadata. If the session dies
 * first, the server aborts the backup: {@link #freezeLost()} reports it. Thread-safe.
 */
final class BackupSession implements QuiesceHandle {
  private static final Logger LOG = LoggerFactory.getLogger(BackupSession.class);
  private static final int PING_SECONDS = 2;

  private final Connection connection;
  private final int pid;
  private final int versionNum;
  private final Map<String, String> labels;
  private final Secret password;
  private Map<String, String> metadata = Map.of();
  private boolean released;

  BackupSession(Connection connection, int pid, int versionNum, Map<String, String> labels, Secret password) {
    this.connection = connection;
    this.pid = pid;
    this.versionNum = versionNum;
    this.labels = Map.copyOf(labels);
    this.password = password;
  }

  @Override
  public synchronized Optional<String> freezeLost() {
    if (released) {
      return Optional.of("the backup was already stopped");
    }
    boolean alive;
    try {
      alive = connection.isValid(PING_SECONDS);
    } catch (SQLException e) {
      alive = false;
    }
    return alive ? Optional.empty()
        : Optional.of("the backup session (pid " + pid + ") is gone: terminated or dropped, so the server aborted the base"
            + " backup before the cut completed");
  }

  @Override
  public Map<String, String> snapshotLabels() {
    return labels;
  }

  @Override
  public synchronized Map<String, String> releaseMetadata() {
    return metadata;
  }

  @Override
  public synchronized void release() {
    if (released) {
      return;
    }
    released = true;
    String stop = versionNum >= 150000 ? "SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)"
        : "SELECT lsn::text, labelfile, spcmapfile FROM pg_stop_backup(false, false)";
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(stop)) {
      rs.next();
      Map<String, String> m = new LinkedHashMap<>();
      m.put(PostgresLabels.BACKUP_LABEL, rs.getString(2));
      String map = rs.getString(3);
      if (map != null && !map.isEmpty()) {
        m.put(PostgresLabels.TABLESPACE_MAP, map);
      }
      m.put(PostgresLabels.BACKUP_STOP_LSN, rs.getString(1));
      metadata = Map.copyOf(m);
    } catch (SQLException e) {
      // The backup belongs to this session: whether the stop failed or the session is gone, closing
      // it ends the backup on the server. Writes were never blocked, so nothing stays quiesced;
      // without a label the snapshot cannot be restored as a base backup, which the result shows.
      LOG.warn("postgres: pg_backup_stop failed ({}); closing the session ends the backup; no backup label is reported",
          PgErrors.mask(e.getMessage(), password));
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("postgres: closing the backup session failed: {}", e.getMessage());
      }
    }
  }

  @Override
  public String toString() {
    return "postgres backup session pid " + pid;
  }
}

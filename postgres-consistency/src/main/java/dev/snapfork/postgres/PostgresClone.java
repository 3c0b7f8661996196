package dev.snapfork.postgres;

import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * The staging step for a PostgreSQL data directory cloned from a snapshot: makes it startable.
 * Removes the source server's {@code postmaster.pid}; for a backup-mode snapshot writes
 * {@code backup_label} (and {@code tablespace_map}) from the release metadata, plus
 * {@code recovery.signal} and recovery settings that replay exactly to the end of the backup
 * ({@code recovery_target = 'immediate'}) and then promote. The WAL from backup start to stop must
 * be readable: pass the directory holding it (the source's {@code pg_wal} for the local provider,
 * or a WAL archive). Files written take the data directory's owner, mode 0600.
 */
public final class PostgresClone {
  private PostgresClone() {}

  /**
   * @param dataDir the cloned data directory (holding {@code PG_VERSION}), before a server starts on it
   * @param releaseMetadata {@link dev.snapfork.SnapshotResult#releaseMetadata()} of the snapshot
   * @param walSource where the WAL segments from backup start to stop can be read; may be null for
   *     checkpoint-mode snapshots
   * @throws InvalidRequestException when {@code dataDir} is not a PostgreSQL data directory, or a
   *     backup-mode snapshot comes without {@code walSource}
   * @throws BackendFailureException when the files cannot be written
   */
  public static void prepare(Path dataDir, Map<String, String> releaseMetadata, Path walSource) {
    if (dataDir == null || !Files.isRegularFile(dataDir.resolve("PG_VERSION"))) {
      throw new InvalidRequestException("dataDir", "must be a PostgreSQL data directory (holding PG_VERSION), got " + dataDir);
    }
    if (releaseMetadata == null) {
      throw new InvalidRequestException("releaseMetadata", "must not be null (pass SnapshotResult.releaseMetadata())");
    }
    String label = releaseMetadata.get(PostgresLabels.BACKUP_LABEL);
    if (label != null && walSource == null) {
      throw new InvalidRequestException("walSource", "is required for a backup-mode snapshot: recovery needs the WAL from backup"
          + " start to stop (the source's pg_wal or a WAL archive)");
    }
    if (walSource != null && walSource.toString().contains("'")) {
      throw new InvalidRequestException("walSource", "must not contain a single quote, got " + walSource);
    }
    try {
      UserPrincipal owner = Files.getOwner(dataDir, LinkOption.NOFOLLOW_LINKS);
      Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
      Files.deleteIfExists(dataDir.resolve("postmaster.opts"));
      if (label == null) {
        return;
      }
      write(dataDir.resolve("backup_label"), label, owner, false);
      String map = releaseMetadata.get(PostgresLabels.TABLESPACE_MAP);
      if (map != null) {
        write(dataDir.resolve("tablespace_map"), map, owner, false);
      }
      write(dataDir.resolve("recovery.signal"), "", owner, false);
      String wal = walSource.toAbsolutePath().toString();
      write(dataDir.resolve("postgresql.auto.conf"), "\n# Snapfork: replay exactly to the end of the base backup, then promote\n"
          + "restore_command = 'cp \"" + wal + "/%f\" \"%p\"'\n"
          + "recovery_target = 'immediate'\n"
          + "recovery_target_action = 'promote'\n", owner, true);
    } catch (IOException e) {
      throw new BackendFailureException("postgres: cannot prepare the clone " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, String content, UserPrincipal owner, boolean append) throws IOException {
    if (append) {
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } else {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.setOwner(file, owner);
  }
}

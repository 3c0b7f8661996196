package dev.snapfork.postgres;

import dev.snapfork.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;

/** How the {@link PostgresHook} prepares the server for the cut. Neither mode blocks writes. */
public enum PostgresMode {
  /**
   * {@code CHECKPOINT} right before the cut, nothing held: the snapshot is crash-consistent and
   * recovers fast. Needs a cut that is atomic across the whole data directory including
   * {@code pg_wal} (a block-level snapshot of one volume).
   */
  CHECKPOINT("checkpoint"),
  /**
   * A non-exclusive base backup: {@code pg_backup_start} before the cut and
   * {@code pg_backup_stop} after it, in one session ({@code pg_start_backup}/{@code pg_stop_backup}
   * before PostgreSQL 15). Correct for cuts that are not atomic (file copies, volumes cut one by
   * one); the backup label returned at release must be written into the clone
   * ({@link PostgresClone#prepare}).
   */
  BACKUP("backup");

  private final String configName;

  PostgresMode(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration ({@code snapfork.hook.postgres.mode}). */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name.
   *
   * @throws InvalidRequestException naming {@code field} and the allowed values when unknown
   */
  public static PostgresMode parse(String field, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (PostgresMode m : values()) {
        if (m.configName.equals(v)) {
          return m;
        }
      }
    }
    throw new InvalidRequestException(field, "must be one of "
        + String.join(", ", Arrays.stream(values()).map(PostgresMode::configName).toList()) + ", got '" + value + "'");
  }
}

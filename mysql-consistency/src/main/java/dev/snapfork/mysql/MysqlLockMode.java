package dev.snapfork.mysql;

import dev.snapfork.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;

/** How the {@link MysqlHook} holds the server still during the cut. */
public enum MysqlLockMode {
  /**
   * {@code FLUSH TABLES WITH READ LOCK}: every write and commit waits until release; works for
   * every storage engine. Must first wait for running writes, bounded by the lock wait timeout.
   */
  GLOBAL_READ_LOCK("global-read-lock"),
  /**
   * The lighter backup lock: on MariaDB {@code BACKUP STAGE START .. BLOCK_COMMIT} (commits wait,
   * statements run); on MySQL 8.0+ {@code LOCK INSTANCE FOR BACKUP} (only DDL waits; the cut is
   * crash-consistent for InnoDB, which recovers it itself). InnoDB-only data.
   */
  BACKUP_LOCK("backup-lock");

  private final String configName;

  MysqlLockMode(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration ({@code snapfork.hook.mysql.mode}). */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name.
   *
   * @throws InvalidRequestException naming {@code field} and the allowed values when unknown
   */
  public static MysqlLockMode parse(String field, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (MysqlLockMode m : values()) {
        if (m.configName.equals(v)) {
          return m;
        }
      }
    }
    throw new InvalidRequestException(field, "must be one of "
        + String.join(", ", Arrays.stream(values()).map(MysqlLockMode::configName).toList()) + ", got '" + value + "'");
  }
}

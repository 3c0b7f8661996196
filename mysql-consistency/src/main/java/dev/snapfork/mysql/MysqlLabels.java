package dev.snapfork.mysql;

/**
 * The labels the {@link MysqlHook} puts on a snapshot, read while the server was locked, so a
 * staging copy can be made to follow production from exactly that point.
 */
public final class MysqlLabels {
  /** The binary log file current at the cut, e.g. {@code mariadb-bin.000003}. */
  public static final String BINLOG_FILE = "snapfork.dev/mysql-binlog-file";
  /** The position in {@link #BINLOG_FILE} at the cut. */
  public static final String BINLOG_POSITION = "snapfork.dev/mysql-binlog-position";
  /**
   * The GTID position at the cut ({@code @@gtid_current_pos} on MariaDB,
   * {@code @@GLOBAL.gtid_executed} on MySQL); left off when longer than a label value may be.
   */
  public static final String GTID = "snapfork.dev/mysql-gtid";
  /** The lock mode that held the server: {@code global-read-lock} or {@code backup-lock}. */
  public static final String LOCK_MODE = "snapfork.dev/mysql-lock-mode";

  private MysqlLabels() {}
}

package dev.snapfork.mysql.internal;

import dev.snapfork.ConsistencyException;
import dev.snapfork.mysql.MysqlLockMode;
import java.util.List;

/** The statements that take and drop the lock of a mode on a given server. */
record LockPlan(MysqlLockMode mode, List<String> lock, String unlock) {

  static LockPlan of(MysqlLockMode mode, ServerInfo server) {
    if (mode == MysqlLockMode.GLOBAL_READ_LOCK) {
      return new LockPlan(mode, List.of("FLUSH TABLES WITH READ LOCK"), "UNLOCK TABLES");
    }
    if (!server.hasBackupLock()) {
      throw new ConsistencyException("mysql: mode " + mode.configName() + " needs MariaDB 10.4+ or MySQL 8.0+, the server is "
          + server.describe() + "; use mode " + MysqlLockMode.GLOBAL_READ_LOCK.configName(), null);
    }
    if (server.mariadb()) {
      return new LockPlan(mode, List.of("BACKUP STAGE START", "BACKUP STAGE FLUSH", "BACKUP STAGE BLOCK_DDL", "BACKUP STAGE BLOCK_COMMIT"),
          "BACKUP STAGE END");
    }
    return new LockPlan(mode, List.of("LOCK INSTANCE FOR BACKUP"), "UNLOCK INSTANCE");
  }
}

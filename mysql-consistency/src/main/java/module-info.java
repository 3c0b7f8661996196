/**
 * MySQL / MariaDB consistency hook ({@code snapfork.hooks=mysql}): holds a global read lock or a
 * backup lock on a dedicated session from quiesce to release and puts the binary log position on
 * the snapshot.
 */
module dev.snapfork.mysql {
  requires dev.snapfork.api;
  requires java.sql;
  requires org.mariadb.jdbc;
  requires org.slf4j;

  exports dev.snapfork.mysql;

  provides dev.snapfork.spi.ConsistencyHookFactory with dev.snapfork.mysql.internal.MysqlHookFactory;
}

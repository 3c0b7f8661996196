/**
 * PostgreSQL consistency hook ({@code snapfork.hooks=postgres}): {@code CHECKPOINT} right before
 * the cut, or a non-exclusive base backup around it whose backup label reaches the clone.
 */
module dev.snapfork.postgres {
  requires dev.snapfork.api;
  requires java.sql;
  requires org.postgresql.jdbc;
  requires org.slf4j;

  exports dev.snapfork.postgres;

  provides dev.snapfork.spi.ConsistencyHookFactory with dev.snapfork.postgres.internal.PostgresHookFactory;
}

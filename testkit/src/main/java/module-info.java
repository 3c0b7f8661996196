/**
 * Snapfork's test kit: the provider compatibility kit every backend runs
 * ({@link dev.snapfork.testkit.SnapshotProviderCompatibilityKit}), the in-memory {@code memory}
 * provider, a fault-injecting provider wrapper, a recording consistency hook, and JDBC helpers for
 * the SQL hooks' tests ({@code dev.snapfork.testkit.sql}). Package
 * {@code dev.snapfork.testkit.internal} is not API.
 */
module dev.snapfork.testkit {
  requires transitive dev.snapfork.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires transitive java.sql;

  exports dev.snapfork.testkit;
  exports dev.snapfork.testkit.compat;
  exports dev.snapfork.testkit.sql;

  // JUnit reflects on the kit's test methods and lifecycle callbacks.
  opens dev.snapfork.testkit to org.junit.platform.commons;
  opens dev.snapfork.testkit.compat to org.junit.platform.commons;

  provides dev.snapfork.spi.SnapshotProviderFactory with dev.snapfork.testkit.internal.InMemoryProviderFactory;
}

/**
 * Snapfork's public API: {@link dev.snapfork.SnapshotProvider}, consistency hooks, the
 * {@link dev.snapfork.Snapshotter} orchestrator, configuration and discovery, and the built-in
 * {@code local} provider. Packages named {@code internal} are not API.
 */
module dev.snapfork.api {
  requires org.slf4j;
  requires static com.google.guice;
  requires static jakarta.inject;

  exports dev.snapfork;
  exports dev.snapfork.spi;
  exports dev.snapfork.config;
  exports dev.snapfork.guice;
  exports dev.snapfork.local;

  uses dev.snapfork.spi.SnapshotProviderFactory;
  uses dev.snapfork.spi.ConsistencyHookFactory;

  provides dev.snapfork.spi.SnapshotProviderFactory with dev.snapfork.internal.local.LocalProviderFactory;
}

package dev.snapfork.testkit.compat;

import dev.snapfork.testkit.KitContext;

/**
 * Base of the compatibility kit's topic interfaces: gives their default test methods the running
 * test's {@link KitContext}. Implemented by {@link dev.snapfork.testkit.SnapshotProviderCompatibilityKit}.
 */
public interface KitTest {

  /**
   * The context of the running test.
   *
   * @throws IllegalStateException outside a test
   */
  KitContext kit();
}

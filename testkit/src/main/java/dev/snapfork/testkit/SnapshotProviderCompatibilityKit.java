package dev.snapfork.testkit;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.compat.AwaitReadyTests;
import dev.snapfork.testkit.compat.CloneTests;
import dev.snapfork.testkit.compat.DeleteSafetyTests;
import dev.snapfork.testkit.compat.ExpiryTests;
import dev.snapfork.testkit.compat.GroupTests;
import dev.snapfork.testkit.compat.IdempotencyTests;
import dev.snapfork.testkit.compat.LabelsAndFilterTests;
import dev.snapfork.testkit.compat.LifecycleTests;
import dev.snapfork.testkit.compat.NotFoundAndInvalidInputTests;
import dev.snapfork.testkit.compat.PaginationTests;
import dev.snapfork.testkit.compat.RestoreTests;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The provider compatibility kit: every {@link SnapshotProvider} backend extends this class in its
 * tests and supplies a small fixture; JUnit then runs the whole kit (the default test methods of
 * the topic interfaces in {@code dev.snapfork.testkit.compat}) against it.
 *
 * <pre>{@code
 * class EbsProviderCompatibilityTest extends SnapshotProviderCompatibilityKit {
 *   protected SnapshotProvider createProvider() { return EbsProvider.builder()...build(); }
 *   protected VolumeRef createSourceVolume(SnapshotProvider p, String name) { ... }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh provider from {@link #createProvider()} and closes it afterwards with
 * {@link #closeProvider}; everything a test creates has a unique name and a test-scoped label,
 * and is deleted afterwards (best effort), so the kit can run against a shared backend. Tests
 * that need a capability the provider does not declare, or a fixture feature that is not
 * supplied, are skipped with an assumption naming what is missing; they never pass silently.
 * Each test is bounded by a 15-minute timeout.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
public abstract class SnapshotProviderCompatibilityKit
    implements LifecycleTests,
        LabelsAndFilterTests,
        PaginationTests,
        IdempotencyTests,
        NotFoundAndInvalidInputTests,
        AwaitReadyTests,
        CloneTests,
        DeleteSafetyTests,
        ExpiryTests,
        RestoreTests,
        GroupTests {

  private KitContext context;

  /** Creates the provider under test; called once per test. */
  protected abstract SnapshotProvider createProvider();

  /**
   * Creates a fresh, empty, <em>unmanaged</em> volume named {@code name} (without Snapfork's
   * ownership label) to take snapshots of. {@code name} is unique per test and DNS-1123 friendly.
   */
  protected abstract VolumeRef createSourceVolume(SnapshotProvider provider, String name);

  /**
   * Deletes a source volume made by {@link #createSourceVolume} after the test. The default does
   * nothing; backends on shared infrastructure should override it.
   */
  protected void deleteSourceVolume(SnapshotProvider provider, VolumeRef source) {}

  /** Closes the provider after each test. The default calls {@link SnapshotProvider#close()}. */
  protected void closeProvider(SnapshotProvider provider) {
    provider.close();
  }

  /**
   * Reads and writes volume bytes for the data-level tests (clone independence, restore). The
   * default is empty: those tests are skipped, saying so.
   */
  protected Optional<VolumeData> volumeData(SnapshotProvider provider) {
    return Optional.empty();
  }

  /**
   * Cuts a snapshot (with {@code request}) that will certainly not be ready within a second, for
   * the await-deadline test. The default is empty: that test is skipped, saying so.
   */
  protected Optional<Snapshot> cutSnapshotNotReadySoon(SnapshotProvider provider, SnapshotRequest request) {
    return Optional.empty();
  }

  /**
   * Cuts a snapshot (with {@code request}) that will end {@link dev.snapfork.SnapshotState#FAILED}
   * within {@link #readyTimeout()}. The default is empty: that test is skipped, saying so.
   */
  protected Optional<Snapshot> cutSnapshotThatFails(SnapshotProvider provider, SnapshotRequest request) {
    return Optional.empty();
  }

  /** How long to wait for a snapshot to become ready. Default two minutes. */
  protected Duration readyTimeout() {
    return Duration.ofMinutes(2);
  }

  /** A well-formed snapshot id that does not exist. Override when the backend's ids have a format. */
  protected String missingSnapshotId() {
    return "kit-missing-" + UUID.randomUUID();
  }

  /** A well-formed volume reference that does not exist. Override when ids have a format. */
  protected VolumeRef missingVolume() {
    return VolumeRef.of("kit-missing-" + UUID.randomUUID());
  }

  /** Opens the per-test context. */
  @BeforeEach
  protected final void openCompatibilityKit() {
    context = new KitContext(this);
  }

  /** Deletes what the test created and closes the provider. */
  @AfterEach
  protected final void closeCompatibilityKit() {
    if (context != null) {
      KitContext c = context;
      context = null;
      c.close();
    }
  }

  @Override
  public final KitContext kit() {
    if (context == null) {
      throw new IllegalStateException("the compatibility kit's context is open only while a test runs");
    }
    return context;
  }
}

package dev.snapfork.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Labels;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Proves the kit can fail: runs it with the JUnit Platform Launcher against deliberately broken
 * providers and checks that exactly the kit tests covering the breakage fail, and that missing
 * capabilities and fixture features are skipped with a reason rather than passed.
 */
class KitCanFailTest {

  @Test
  void nonIdempotentDeleteFailsTheDeleteTests() {
    Map<String, TestExecutionResult> results = run(NonIdempotentDeleteKit.class);
    assertThat(failed(results)).containsExactlyInAnyOrder(
        "delete_ofAMissingSnapshotReturnsFalse", "delete_twiceReturnsFalseTheSecondTime");
  }

  @Test
  void droppedLabelsFailTheLabelTests() {
    Map<String, TestExecutionResult> results = run(DropsLabelsOnGetKit.class);
    // The expiry tests read the expiry label back, so a provider losing labels fails them too.
    assertThat(failed(results)).containsExactlyInAnyOrder(
        "labels_userLabelsAreKept", "lifecycle_getReturnsWhatCreateReturned",
        "expiry_labelIsAcceptedAndCleanupDeletesOnlyExpiredSnapshots", "expiry_forkWithAnExpiryIsCleanedUpOnceExpired");
  }

  @Test
  void lookupBeforeValidationFailsTheInputTests() {
    Map<String, TestExecutionResult> results = run(LooksUpBeforeValidatingKit.class);
    assertThat(failed(results)).containsExactly("invalid_awaitReadyWithZeroNegativeOrNullTimeoutIsCheckedBeforeLookup");
  }

  @Test
  void missingCapabilitiesAndFixtureFeaturesAreSkippedWithAReason() {
    Map<String, TestExecutionResult> results = run(NoCapabilitiesKit.class);
    assertThat(failed(results)).isEmpty();
    assertThat(skipReason(results, "clone_makesAManagedVolumeFromTheSnapshot")).contains("CLONE");
    assertThat(skipReason(results, "restore_bringsBackTheSnapshotContent")).contains("RESTORE_IN_PLACE");
    assertThat(skipReason(results, "deleteVolume_refusesAnUnmanagedVolumeWithoutForce")).contains("VOLUME_MANAGEMENT");
    assertThat(skipReason(results, "group_cutsEveryVolumeInRequestOrder")).contains("NATIVE_GROUP");
    assertThat(skipReason(results, "managedOperations_leaveTheSourceIntact")).contains("VolumeData");
    assertThat(skipReason(results, "await_timesOutForASnapshotThatIsNotReadyInTime")).contains("cutSnapshotNotReadySoon");
    assertThat(skipReason(results, "await_failedSnapshotThrowsBackendFailure")).contains("cutSnapshotThatFails");
    assertThat(results.get("clone_withoutTheCapabilityIsUnsupported").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results.get("group_withoutTheCapabilityIsUnsupported").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void theFullKitPassesAgainstTheInMemoryProviderWhenRunThroughTheLauncher() {
    Map<String, TestExecutionResult> results = run(InMemorySnapshotProviderCompatibilityTest.class);
    assertThat(results).hasSizeGreaterThan(50);
    assertThat(failed(results)).isEmpty();
  }

  // ---------------------------------------------------------------- running

  private static Map<String, TestExecutionResult> run(Class<?> kit) {
    Map<String, TestExecutionResult> results = new TreeMap<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          synchronized (results) {
            results.put(method(id), result);
          }
        }
      }
    };
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build(), listener);
    return results;
  }

  private static String method(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
        .orElse(id.getDisplayName());
  }

  private static Set<String> failed(Map<String, TestExecutionResult> results) {
    return results.entrySet().stream()
        .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static String skipReason(Map<String, TestExecutionResult> results, String test) {
    TestExecutionResult r = results.get(test);
    assertThat(r).as("result of %s", test).isNotNull();
    assertThat(r.getStatus()).as("status of %s", test).isEqualTo(TestExecutionResult.Status.ABORTED);
    return r.getThrowable().map(Throwable::getMessage).orElse("");
  }

  // ---------------------------------------------------------------- broken providers

  /** A kit over the in-memory provider wrapped by {@link #wrap}; no data or slow-snapshot fixture. */
  abstract static class WrappedMemoryKit extends SnapshotProviderCompatibilityKit {
    abstract ForwardingSnapshotProvider wrap(InMemorySnapshotProvider memory);

    @Override
    protected SnapshotProvider createProvider() {
      return wrap(InMemorySnapshotProvider.create());
    }

    @Override
    protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
      return ((InMemorySnapshotProvider) ((ForwardingSnapshotProvider) provider).delegate()).createSourceVolume(name);
    }

    @Override
    protected Duration readyTimeout() {
      return Duration.ofSeconds(10);
    }
  }

  /** delete of a missing snapshot throws NotFoundException instead of returning false. */
  static class NonIdempotentDeleteKit extends WrappedMemoryKit {
    @Override
    ForwardingSnapshotProvider wrap(InMemorySnapshotProvider memory) {
      return new ForwardingSnapshotProvider(memory) {
        @Override
        public boolean delete(String snapshotId) {
          memory.get(snapshotId);
          return memory.delete(snapshotId);
        }
      };
    }
  }

  /** get keeps only the ownership labels. */
  static class DropsLabelsOnGetKit extends WrappedMemoryKit {
    @Override
    ForwardingSnapshotProvider wrap(InMemorySnapshotProvider memory) {
      return new ForwardingSnapshotProvider(memory) {
        @Override
        public Snapshot get(String snapshotId) {
          Snapshot s = memory.get(snapshotId);
          Map<String, String> kept = Map.of(Labels.MANAGED_BY, s.labels().get(Labels.MANAGED_BY),
              Labels.REQUEST_ID, s.labels().get(Labels.REQUEST_ID));
          return new Snapshot(s.id(), s.name(), s.source(), s.state(), s.cutAt(), s.sizeBytes(), kept, s.attributes(),
              s.failureMessage());
        }
      };
    }
  }

  /** awaitReady looks the snapshot up before it checks the timeout. */
  static class LooksUpBeforeValidatingKit extends WrappedMemoryKit {
    @Override
    ForwardingSnapshotProvider wrap(InMemorySnapshotProvider memory) {
      return new ForwardingSnapshotProvider(memory) {
        @Override
        public Snapshot awaitReady(String snapshotId, Duration timeout) {
          memory.get(snapshotId);
          return memory.awaitReady(snapshotId, timeout);
        }
      };
    }
  }

  /** Declares no capabilities and throws UnsupportedCapabilityException for the optional calls. */
  static class NoCapabilitiesKit extends WrappedMemoryKit {
    @Override
    ForwardingSnapshotProvider wrap(InMemorySnapshotProvider memory) {
      return new ForwardingSnapshotProvider(memory) {
        @Override
        public Set<Capability> capabilities() {
          return Set.of();
        }

        @Override
        public List<Snapshot> createGroup(String groupId, List<dev.snapfork.SnapshotRequest> requests) {
          throw new UnsupportedCapabilityException(name(), Capability.NATIVE_GROUP);
        }

        @Override
        public Volume createVolume(CloneRequest request) {
          throw new UnsupportedCapabilityException(name(), Capability.CLONE);
        }

        @Override
        public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
          throw new UnsupportedCapabilityException(name(), Capability.VOLUME_MANAGEMENT);
        }

        @Override
        public boolean deleteVolume(VolumeRef volume, boolean force) {
          throw new UnsupportedCapabilityException(name(), Capability.VOLUME_MANAGEMENT);
        }

        @Override
        public void restore(String snapshotId) {
          throw new UnsupportedCapabilityException(name(), Capability.RESTORE_IN_PLACE);
        }
      };
    }
  }
}

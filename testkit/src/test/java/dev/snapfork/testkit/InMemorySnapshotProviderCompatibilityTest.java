package dev.snapfork.testkit;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.Optional;

/** Runs the whole compatibility kit against the in-memory provider, with every fixture feature. */
class InMemorySnapshotProviderCompatibilityTest extends SnapshotProviderCompatibilityKit {

  @Override
  protected SnapshotProvider createProvider() {
    return InMemorySnapshotProvider.builder().readyLatency(Duration.ofMillis(30)).nativeGroup(true).build();
  }

  @Override
  protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
    return ((InMemorySnapshotProvider) provider).createSourceVolume(name);
  }

  @Override
  protected Optional<VolumeData> volumeData(SnapshotProvider provider) {
    return Optional.of(((InMemorySnapshotProvider) provider).volumeData());
  }

  @Override
  protected Optional<Snapshot> cutSnapshotNotReadySoon(SnapshotProvider provider, SnapshotRequest request) {
    InMemorySnapshotProvider memory = (InMemorySnapshotProvider) provider;
    memory.holdPending(request.source());
    return Optional.of(memory.create(request));
  }

  @Override
  protected Optional<Snapshot> cutSnapshotThatFails(SnapshotProvider provider, SnapshotRequest request) {
    InMemorySnapshotProvider memory = (InMemorySnapshotProvider) provider;
    memory.failSnapshotsOf(request.source(), "simulated backend failure");
    return Optional.of(memory.create(request));
  }

  @Override
  protected Duration readyTimeout() {
    return Duration.ofSeconds(10);
  }
}

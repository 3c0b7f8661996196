package dev.snapfork.examples.cli;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.ConfigView;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only provider {@value #NAME} (never auto-selected) whose deletes linger, as a VolumeSnapshot
 * held by the snapshot controller's finalizers does on a real Kubernetes cluster
 * (shared/reference/csi-snapshot.md: "a deleted snapshot lingers with metadata.deletionTimestamp
 * set until the content is gone"): {@code delete} marks a snapshot {@link SnapshotState#DELETING}
 * and returns true; deleting it again returns false (as the csi provider does) while {@code get}
 * and {@code list} still show it. Snapshots are seeded by tests through {@link #SNAPSHOTS}.
 */
public final class LingeringDeletesProviderFactory implements SnapshotProviderFactory {
  static final String NAME = "lingering-test";
  static final Map<String, Snapshot> SNAPSHOTS = new ConcurrentHashMap<>();

  /** Seeds a managed, ready snapshot. */
  static void seed(String id) {
    SNAPSHOTS.put(id, new Snapshot(id, id, VolumeRef.of("prod"), SnapshotState.READY, Instant.parse("2026-01-01T00:00:00Z"),
        OptionalLong.empty(), Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE), Map.of(), Optional.empty()));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of();
  }

  @Override
  public boolean autoSelectable() {
    return false;
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    return new SnapshotProvider() {
      @Override
      public String name() {
        return NAME;
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of();
      }

      @Override
      public Snapshot create(SnapshotRequest request) {
        throw new UnsupportedOperationException("seeded by tests");
      }

      @Override
      public Snapshot get(String snapshotId) {
        Snapshot s = SNAPSHOTS.get(snapshotId);
        if (s == null) {
          throw new NotFoundException("snapshot", snapshotId);
        }
        return s;
      }

      @Override
      public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
        return Page.last(List.copyOf(SNAPSHOTS.values()));
      }

      @Override
      public boolean delete(String snapshotId) {
        Snapshot s = SNAPSHOTS.get(snapshotId);
        if (s == null || s.state() == SnapshotState.DELETING) {
          return false;
        }
        SNAPSHOTS.put(snapshotId, s.withState(SnapshotState.DELETING, Optional.empty()));
        return true;
      }

      @Override
      public Volume createVolume(CloneRequest request) {
        throw new UnsupportedCapabilityException(NAME, Capability.CLONE);
      }

      @Override
      public Volume getVolume(VolumeRef volume) {
        throw new NotFoundException("volume", volume.id());
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return "LingeringDeletesProvider{in memory}";
      }
    };
  }
}

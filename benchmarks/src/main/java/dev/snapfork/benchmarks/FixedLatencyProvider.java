package dev.snapfork.benchmarks;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A benchmark-only provider whose cut is a pure wait of a fixed latency, with no shared lock: it
 * isolates the orchestrator's own cost from a test double's internal locking.
 */
final class FixedLatencyProvider implements SnapshotProvider {
  private final Duration cutLatency;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  FixedLatencyProvider(Duration cutLatency) {
    this.cutLatency = cutLatency;
  }

  @Override
  public String name() {
    return "fixed-latency";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of();
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    try {
      Thread.sleep(cutLatency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while cutting", e);
    }
    Snapshot s = new Snapshot(request.requestId(), request.name().orElse(request.requestId()), request.source(),
        SnapshotState.READY, Instant.now(), OptionalLong.empty(), request.effectiveLabels(), Map.of(), Optional.empty());
    snapshots.put(s.id(), s);
    return s;
  }

  @Override
  public Snapshot get(String snapshotId) {
    Snapshot s = snapshots.get(snapshotId);
    if (s == null) {
      throw new NotFoundException("snapshot", snapshotId);
    }
    return s;
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return Page.last(snapshots.values().stream().filter(filter::matches).toList());
  }

  @Override
  public boolean delete(String snapshotId) {
    return snapshots.remove(snapshotId) != null;
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    throw new UnsupportedCapabilityException(name(), Capability.CLONE);
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    throw new NotFoundException("volume", volume.id());
  }

  @Override
  public void close() {}
}

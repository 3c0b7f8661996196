package dev.snapfork.testkit;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link SnapshotProvider} that passes every call to a delegate; subclass it and override the
 * calls to change. {@code stream} and {@code streamVolumes} are not forwarded: their defaults
 * page through this object's {@link #list} and {@link #listVolumes}, so overrides apply. Throws
 * whatever the delegate throws.
 */
public abstract class ForwardingSnapshotProvider implements SnapshotProvider {
  private final SnapshotProvider delegate;

  /** @throws NullPointerException when {@code delegate} is null */
  protected ForwardingSnapshotProvider(SnapshotProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped provider. */
  public SnapshotProvider delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    return delegate.create(request);
  }

  @Override
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    return delegate.createGroup(groupId, requests);
  }

  @Override
  public Snapshot get(String snapshotId) {
    return delegate.get(snapshotId);
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return delegate.list(filter, page);
  }

  @Override
  public boolean delete(String snapshotId) {
    return delegate.delete(snapshotId);
  }

  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    return delegate.awaitReady(snapshotId, timeout);
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    return delegate.createVolume(request);
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    return delegate.getVolume(volume);
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return delegate.listVolumes(filter, page);
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    return delegate.deleteVolume(volume, force);
  }

  @Override
  public void restore(String snapshotId) {
    delegate.restore(snapshotId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

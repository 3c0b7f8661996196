package dev.snapfork.orchestrator;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted stand-in for a provider, for orchestrator unit tests only. */
final class ScriptedProvider implements SnapshotProvider {
  enum Cut { OK, THROW, HANG_THEN_OK, HANG_FOREVER }

  final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  final Map<String, Volume> volumes = new ConcurrentHashMap<>();
  final Map<String, Cut> cutByVolume = new ConcurrentHashMap<>();
  final List<String> log;
  final AtomicInteger creates = new AtomicInteger();
  final CountDownLatch createStarted = new CountDownLatch(1);
  final CountDownLatch releaseHang = new CountDownLatch(1);
  volatile Cut defaultCut = Cut.OK;
  volatile long hangMillis = 400;
  volatile SnapshotException toThrow = new dev.snapfork.BackendFailureException("disk on fire", null);
  volatile SnapshotState stateAtCut = SnapshotState.READY;
  volatile boolean failClone;

  ScriptedProvider(List<String> log) {
    this.log = log;
  }

  ScriptedProvider() {
    this(new CopyOnWriteArrayList<>());
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CLONE, Capability.VOLUME_MANAGEMENT);
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    creates.incrementAndGet();
    log.add("cut:" + request.source());
    createStarted.countDown();
    Cut cut = cutByVolume.getOrDefault(request.source().id(), defaultCut);
    switch (cut) {
      case THROW -> throw toThrow;
      case HANG_THEN_OK -> sleepUninterruptibly(hangMillis);
      case HANG_FOREVER -> {
        try {
          releaseHang.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SnapshotException("create interrupted", e);
        }
      }
      default -> { }
    }
    Snapshot s = new Snapshot(request.name().orElse(request.source().id() + "-" + request.requestId()), request.name().orElse("n"),
        request.source(), stateAtCut, Instant.now(), OptionalLong.of(1024), request.effectiveLabels(), Map.of(), Optional.empty());
    snapshots.put(s.id(), s);
    log.add("cut-done:" + request.source());
    return s;
  }

  private static void sleepUninterruptibly(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean interrupted = false;
    while (System.nanoTime() < end) {
      try {
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
    List<Snapshot> all = new ArrayList<>(snapshots.values().stream().filter(filter::matches).toList());
    return Page.last(all);
  }

  @Override
  public boolean delete(String snapshotId) {
    log.add("delete:" + snapshotId);
    return snapshots.remove(snapshotId) != null;
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    get(request.snapshotId());
    if (failClone) {
      throw new dev.snapfork.BackendFailureException("clone refused", null);
    }
    Volume v = new Volume(VolumeRef.of(request.targetName()), request.targetName(), Optional.of(request.snapshotId()),
        OptionalLong.empty(), Optional.empty(), request.effectiveLabels(), Map.of());
    volumes.put(v.ref().id(), v);
    return v;
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    Volume v = volumes.get(volume.id());
    if (v == null) {
      throw new NotFoundException("volume", volume.id());
    }
    return v;
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return Page.last(volumes.values().stream().filter(filter::matches).toList());
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    Volume v = volumes.get(volume.id());
    if (v == null) {
      return false;
    }
    if (!force && !Labels.isManaged(v.labels())) {
      throw new dev.snapfork.ConflictException("unmanaged", null, false);
    }
    log.add("delete-volume:" + volume.id());
    return volumes.remove(volume.id()) != null;
  }

  @Override
  public void close() {}
}

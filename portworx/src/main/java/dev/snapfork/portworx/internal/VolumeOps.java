package dev.snapfork.portworx.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.spi.Checks;
import dev.snapfork.portworx.internal.GrpcErrors.Target;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Volume operations: clone a snapshot into a new volume, get, list and delete volumes. */
public final class VolumeOps {
  private final OsdClient client;
  private final VolumeResolver resolver;
  private final SnapshotOps snapshots;
  private final Retrier retrier;

  public VolumeOps(OsdClient client, VolumeResolver resolver, SnapshotOps snapshots, Retrier retrier) {
    this.client = client;
    this.resolver = resolver;
    this.snapshots = snapshots;
    this.retrier = retrier;
  }

  /** See {@link dev.snapfork.SnapshotProvider#createVolume}. */
  public Volume createVolume(CloneRequest request) {
    Checks.notNull("request", request);
    PortworxChecks.name("targetName", request.targetName());
    Map<String, String> labels = request.effectiveLabels();
    PortworxChecks.labels("labels", labels);
    if (!request.parameters().isEmpty()) {
      String key = request.parameters().keySet().iterator().next();
      throw new InvalidRequestException("parameters[" + key + "]", "unknown parameter; the portworx provider accepts none");
    }
    return retrier.run("clone snapshot " + request.snapshotId(), () -> {
      Snapshot snap = VolumeMapper.snapshot(snapshots.inspectSnapshot(request.snapshotId()));
      if (snap.state() != SnapshotState.READY) {
        throw new BackendFailureException("snapshot " + snap.id() + " is " + snap.state() + ", not READY"
            + snap.failureMessage().map(m -> ": " + m).orElse(""), null);
      }
      if (request.sizeBytes().isPresent() && snap.sizeBytes().isPresent()) {
        long want = request.sizeBytes().getAsLong();
        long have = snap.sizeBytes().getAsLong();
        if (want < have) {
          throw new InvalidRequestException("sizeBytes", "must be at least the snapshot's size " + have + ", got " + want);
        }
        if (want > have) {
          throw new InvalidRequestException("sizeBytes", "the OpenStorage Clone call cannot resize; omit sizeBytes and resize "
              + "the volume afterwards (snapshot size " + have + ", asked " + want + ")");
        }
      }
      Optional<Volume> earlier = byRequestId(request.requestId(), snap.id());
      if (earlier.isPresent()) {
        return earlier.get();
      }
      String name = request.targetName();
      if (client.inspectWithFilters(name, Map.of()).stream().anyMatch(r -> name.equals(VolumeMapper.name(r)))) {
        throw new ConflictException("volume name '" + name + "' is taken by a volume of another request", null, false);
      }
      String id = client.clone(snap.id(), name, labels);
      return VolumeMapper.volume(client.inspect(id, Target.volume(id)));
    });
  }

  /** See {@link dev.snapfork.SnapshotProvider#getVolume}. */
  public Volume getVolume(VolumeRef ref) {
    Checks.notNull("volume", ref);
    return retrier.run("get volume " + ref, () -> VolumeMapper.volume(resolver.resolve(ref)));
  }

  /** See {@link dev.snapfork.SnapshotProvider#listVolumes}: volumes that are not snapshots. */
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    PortworxChecks.labels("filter.labels", filter.labels());
    PageTokens.check(page);
    return retrier.run("list volumes", () -> {
      List<SdkVolumeInspectResponse> all = client.inspectWithFilters(null, filter.labels()).stream()
          .filter(r -> !VolumeMapper.isSnapshot(r))
          .filter(r -> VolumeMapper.labels(r).entrySet().containsAll(filter.labels().entrySet()))
          .sorted(Comparator.comparing(VolumeMapper::id))
          .toList();
      Page<SdkVolumeInspectResponse> p = PageTokens.page(all, VolumeMapper::id, page);
      return new Page<>(p.items().stream().map(VolumeMapper::volume).toList(), p.nextToken());
    });
  }

  /** See {@link dev.snapfork.SnapshotProvider#deleteVolume}. */
  public boolean deleteVolume(VolumeRef ref, boolean force) {
    Checks.notNull("volume", ref);
    return retrier.run("delete volume " + ref, () -> {
      SdkVolumeInspectResponse r;
      try {
        r = resolver.resolve(ref);
      } catch (NotFoundException e) {
        return false;
      }
      if (VolumeMapper.isSnapshot(r)) {
        throw new InvalidRequestException("volume", "'" + ref + "' is a snapshot; use delete(snapshotId)");
      }
      if (!Labels.isManaged(VolumeMapper.labels(r)) && !force) {
        throw new ConflictException("volume " + ref + " was not created by Snapfork (no " + Labels.MANAGED_BY
            + " label); pass force=true to delete it anyway", null, false);
      }
      String id = VolumeMapper.id(r);
      client.delete(id, Target.volume(id));
      return true;
    });
  }

  private Optional<Volume> byRequestId(String requestId, String snapshotId) {
    List<SdkVolumeInspectResponse> found = client.inspectWithFilters(null,
            Map.of(Labels.REQUEST_ID, requestId, Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)).stream()
        .filter(r -> !VolumeMapper.isSnapshot(r))
        .filter(r -> requestId.equals(VolumeMapper.labels(r).get(Labels.REQUEST_ID)))
        .sorted(Comparator.comparing(VolumeMapper::id))
        .toList();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SdkVolumeInspectResponse first = found.get(0);
    if (!snapshotId.equals(VolumeMapper.parent(first))) {
      throw new ConflictException("request id " + requestId + " was already used for volume " + VolumeMapper.id(first)
          + " cloned from another snapshot", null, false);
    }
    return Optional.of(VolumeMapper.volume(first));
  }
}

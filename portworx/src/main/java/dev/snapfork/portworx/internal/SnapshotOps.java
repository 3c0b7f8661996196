package dev.snapfork.portworx.internal;

import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.spi.Checks;
import dev.snapfork.portworx.internal.GrpcErrors.Target;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Snapshot operations over the OpenStorage Volume service: create, get, list, delete, restore. */
public final class SnapshotOps {
  private final OsdClient client;
  private final VolumeResolver resolver;
  private final Retrier retrier;

  public SnapshotOps(OsdClient client, VolumeResolver resolver, Retrier retrier) {
    this.client = client;
    this.resolver = resolver;
    this.retrier = retrier;
  }

  /** See {@link dev.snapfork.SnapshotProvider#create}. */
  public Snapshot create(SnapshotRequest request) {
    Checks.notNull("request", request);
    String name = request.name().orElseGet(() -> generatedName(request.requestId()));
    PortworxChecks.name("name", name);
    Map<String, String> labels = request.effectiveLabels();
    PortworxChecks.labels("labels", labels);
    return retrier.run("create snapshot of " + request.source(), () -> {
      String sourceId = resolver.resolve(request.source()).getVolume().getId();
      Optional<Snapshot> earlier = byRequestId(request.requestId(), sourceId);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      if (client.inspectWithFilters(name, Map.of()).stream().anyMatch(r -> name.equals(VolumeMapper.name(r)))) {
        throw new ConflictException("name '" + name + "' is taken by a volume or snapshot of another request", null, false);
      }
      String id = client.snapshotCreate(sourceId, name, labels);
      return get(id);
    });
  }

  /** See {@link dev.snapfork.SnapshotProvider#get}. */
  public Snapshot get(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    return retrier.run("get snapshot " + snapshotId, () -> VolumeMapper.snapshot(inspectSnapshot(snapshotId)));
  }

  /** See {@link dev.snapfork.SnapshotProvider#list}. */
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    PortworxChecks.labels("filter.labels", filter.labels());
    PageTokens.check(page);
    return retrier.run("list snapshots", () -> {
      String sourceId = null;
      Set<String> ofSource = null;
      if (filter.source().isPresent()) {
        try {
          sourceId = resolver.resolve(filter.source().get()).getVolume().getId();
        } catch (NotFoundException e) {
          return Page.<Snapshot>last(List.of());
        }
        ofSource = new HashSet<>(client.snapshotEnumerate(sourceId, filter.labels()));
      }
      String parent = sourceId;
      Set<String> ids = ofSource;
      List<Snapshot> all = client.inspectWithFilters(null, filter.labels()).stream()
          .filter(VolumeMapper::isSnapshot)
          .filter(r -> parent == null || (parent.equals(VolumeMapper.parent(r)) && ids.contains(VolumeMapper.id(r))))
          .map(VolumeMapper::snapshot)
          .filter(s -> s.labels().entrySet().containsAll(filter.labels().entrySet()))
          .sorted(Comparator.comparing(Snapshot::id))
          .toList();
      return PageTokens.page(all, Snapshot::id, page);
    });
  }

  /** See {@link dev.snapfork.SnapshotProvider#delete}. */
  public boolean delete(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    return retrier.run("delete snapshot " + snapshotId, () -> {
      SdkVolumeInspectResponse r;
      try {
        r = client.inspect(snapshotId, Target.snapshot(snapshotId));
      } catch (NotFoundException e) {
        return false;
      }
      if (!VolumeMapper.isSnapshot(r)) {
        throw new InvalidRequestException("snapshotId", "'" + snapshotId + "' is a volume, not a snapshot; use deleteVolume");
      }
      client.delete(snapshotId, Target.snapshot(snapshotId));
      return true;
    });
  }

  /** See {@link dev.snapfork.SnapshotProvider#restore}. */
  public void restore(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    retrier.run("restore from snapshot " + snapshotId, () -> {
      SdkVolumeInspectResponse r = inspectSnapshot(snapshotId);
      client.snapshotRestore(VolumeMapper.parent(r), snapshotId);
      return null;
    });
  }

  /** Inspects a snapshot; a missing id, or the id of a plain volume, is a snapshot NotFound. */
  SdkVolumeInspectResponse inspectSnapshot(String snapshotId) {
    SdkVolumeInspectResponse r = client.inspect(snapshotId, Target.snapshot(snapshotId));
    if (!VolumeMapper.isSnapshot(r)) {
      throw new NotFoundException("snapshot", snapshotId, "the id names a volume, not a snapshot", null);
    }
    return r;
  }

  private Optional<Snapshot> byRequestId(String requestId, String sourceId) {
    List<SdkVolumeInspectResponse> found = client.inspectWithFilters(null,
            Map.of(Labels.REQUEST_ID, requestId, Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)).stream()
        .filter(VolumeMapper::isSnapshot)
        .filter(r -> requestId.equals(VolumeMapper.labels(r).get(Labels.REQUEST_ID)))
        .sorted(Comparator.comparing(VolumeMapper::id))
        .toList();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    SdkVolumeInspectResponse first = found.get(0);
    if (!sourceId.equals(VolumeMapper.parent(first))) {
      throw new ConflictException("request id " + requestId + " was already used for snapshot " + VolumeMapper.id(first)
          + " of another volume (" + VolumeMapper.parent(first) + ")", null, false);
    }
    return Optional.of(VolumeMapper.snapshot(first));
  }

  /** A name derived from the request id, so a retry without a name finds the same name. */
  static String generatedName(String requestId) {
    String candidate = "snapfork-" + requestId;
    return candidate.length() <= 100
        ? candidate
        : "snapfork-" + UUID.nameUUIDFromBytes(requestId.getBytes(StandardCharsets.UTF_8));
  }
}

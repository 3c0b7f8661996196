package dev.snapfork.portworx.fake;

import dev.snapfork.NotFoundException;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.internal.proto.OpenStorageIdentityGrpc;
import dev.snapfork.portworx.internal.proto.OpenStorageVolumeGrpc;
import dev.snapfork.portworx.internal.proto.SdkIdentityCapabilitiesRequest;
import dev.snapfork.portworx.internal.proto.SdkIdentityCapabilitiesResponse;
import dev.snapfork.portworx.internal.proto.SdkIdentityVersionRequest;
import dev.snapfork.portworx.internal.proto.SdkIdentityVersionResponse;
import dev.snapfork.portworx.internal.proto.SdkServiceCapability;
import dev.snapfork.portworx.internal.proto.SdkVersion;
import dev.snapfork.portworx.internal.proto.SdkVolumeCloneRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeCloneResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeCreateRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeCreateResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeDeleteRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeDeleteResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeEnumerateWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeEnumerateWithFiltersResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectWithFiltersResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotCreateRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotCreateResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotEnumerateWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotEnumerateWithFiltersResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotRestoreRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotRestoreResponse;
import dev.snapfork.portworx.internal.proto.Source;
import dev.snapfork.portworx.internal.proto.StorageVersion;
import dev.snapfork.portworx.internal.proto.Volume;
import dev.snapfork.portworx.internal.proto.VolumeLocator;
import dev.snapfork.portworx.internal.proto.VolumeSpec;
import dev.snapfork.portworx.internal.proto.VolumeState;
import com.google.protobuf.Timestamp;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An OpenStorage SDK server for tests: the Volume and Identity services with a real server's
 * semantics, volumes and snapshots in memory (a snapshot is a read-only volume whose parent is the
 * snapshotted volume; a clone is a writable volume whose parent is the snapshot), numeric ids like
 * Portworx, NOT_FOUND / INVALID_ARGUMENT / ALREADY_EXISTS as a real server answers, an optional
 * bearer-token check and fault injection ({@link Faults}). Each volume carries a small byte array
 * standing in for its blocks, so data-level tests can check clone independence and restore.
 */
public final class FakeOpenStorageServer {
  private final Map<String, StoredVolume> volumes = new LinkedHashMap<>();
  private final AtomicLong nextId = new AtomicLong(581_000_000_000L);
  private final Faults faults = new Faults();
  private final TokenCheck auth = new TokenCheck();
  private volatile boolean holdNextSnapshotPending;
  private volatile boolean advertiseVolume = true;
  private volatile String failNextSnapshot;

  /** The services, wrapped with fault injection (outermost) and the token check. */
  public List<ServerServiceDefinition> services() {
    return List.of(wrap(new VolumeService()), wrap(new IdentityService()));
  }

  private ServerServiceDefinition wrap(BindableService s) {
    return ServerInterceptors.intercept(ServerInterceptors.intercept(s, auth), faults);
  }

  /** Fault injection and call counts. */
  public Faults faults() {
    return faults;
  }

  /** The bearer-token check. */
  public TokenCheck auth() {
    return auth;
  }

  /** Whether Identity.Capabilities lists the Volume service (default true). */
  public void advertiseVolumeService(boolean advertise) {
    advertiseVolume = advertise;
  }

  /** The next snapshot stays VOLUME_STATE_PENDING until {@link #settle}. */
  public void holdNextSnapshotPending() {
    holdNextSnapshotPending = true;
  }

  /** The next snapshot goes to VOLUME_STATE_ERROR with this error. */
  public void failNextSnapshot(String error) {
    failNextSnapshot = error;
  }

  /** Makes a pending snapshot available. */
  public synchronized void settle(String id) {
    volumes.get(id).state = "VOLUME_STATE_DETACHED";
  }

  /** Removes every volume whose name passes {@code byName} (bench and test housekeeping, not an rpc). */
  public synchronized void removeIf(java.util.function.Predicate<String> byName) {
    volumes.values().removeIf(v -> byName.test(v.name));
  }

  /** Volumes held, snapshots included. */
  public synchronized int size() {
    return volumes.size();
  }

  /** Writes bytes at the start of a volume (by id or name); stands in for I/O through a mount. */
  public synchronized void write(VolumeRef ref, byte[] bytes) {
    StoredVolume v = find(ref);
    byte[] data = Arrays.copyOf(v.data, Math.max(v.data.length, bytes.length));
    System.arraycopy(bytes, 0, data, 0, bytes.length);
    v.data = data;
  }

  /** Reads the first bytes of a volume (by id or name). */
  public synchronized byte[] read(VolumeRef ref, int length) {
    return Arrays.copyOf(find(ref).data, length);
  }

  private StoredVolume find(VolumeRef ref) {
    StoredVolume v = volumes.get(ref.id());
    if (v == null) {
      v = volumes.values().stream().filter(x -> x.name.equals(ref.id())).findFirst().orElse(null);
    }
    if (v == null) {
      throw new NotFoundException("volume", ref.id());
    }
    return v;
  }

  private static Status notFound(String id) {
    return Status.NOT_FOUND.withDescription("Volume id " + id + " not found");
  }

  private StoredVolume byName(String name) {
    return volumes.values().stream().filter(v -> v.name.equals(name)).findFirst().orElse(null);
  }

  private static Status checkName(String name) {
    if (name.isEmpty()) {
      return Status.INVALID_ARGUMENT.withDescription("Must supply a name");
    }
    if (name.chars().allMatch(Character::isDigit)) {
      return Status.INVALID_ARGUMENT.withDescription("Volume name cannot be a number: " + name);
    }
    return null;
  }

  private SdkVolumeInspectResponse describe(StoredVolume v) {
    Volume.Builder b = Volume.newBuilder()
        .setId(v.id)
        .setReadonly(v.readonly)
        .setLocator(VolumeLocator.newBuilder().setName(v.name).putAllVolumeLabels(v.labels))
        .setCtime(Timestamp.newBuilder().setSeconds(v.ctime.getEpochSecond()).setNanos(v.ctime.getNano()))
        .setSpec(VolumeSpec.newBuilder().setSize(v.size).setHaLevel(1))
        .setState(VolumeState.valueOf(v.state))
        .setError(v.error);
    if (!v.parent.isEmpty()) {
      b.setSource(Source.newBuilder().setParent(v.parent));
    }
    return SdkVolumeInspectResponse.newBuilder().setVolume(b).setName(v.name).putAllLabels(v.labels).build();
  }

  private static boolean matches(StoredVolume v, String name, Map<String, String> labels) {
    if (!name.isEmpty() && !v.name.equals(name)) {
      return false;
    }
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!e.getValue().equals(v.labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private <T> void answer(StreamObserver<T> out, Supplier<Object> body) {
    Object result;
    synchronized (this) {
      result = body.get();
    }
    if (result instanceof Status s) {
      out.onError(s.asRuntimeException());
    } else {
      @SuppressWarnings("unchecked")
      T t = (T) result;
      out.onNext(t);
      out.onCompleted();
    }
  }

  private final class VolumeService extends OpenStorageVolumeGrpc.OpenStorageVolumeImplBase {
    @Override
    public void create(SdkVolumeCreateRequest r, StreamObserver<SdkVolumeCreateResponse> out) {
      answer(out, () -> {
        Status bad = checkName(r.getName());
        if (bad != null) {
          return bad;
        }
        if (!r.hasSpec() || r.getSpec().getSize() == 0) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a volume specification with a size");
        }
        if (byName(r.getName()) != null) {
          return Status.ALREADY_EXISTS.withDescription("Volume with name " + r.getName() + " already exists");
        }
        Map<String, String> labels = new LinkedHashMap<>(r.getSpec().getVolumeLabelsMap());
        labels.putAll(r.getLabelsMap());
        String id = Long.toString(nextId.incrementAndGet());
        volumes.put(id, new StoredVolume(id, r.getName(), labels, "", false, r.getSpec().getSize(), new byte[0]));
        return SdkVolumeCreateResponse.newBuilder().setVolumeId(id).build();
      });
    }

    @Override
    public void clone(SdkVolumeCloneRequest r, StreamObserver<SdkVolumeCloneResponse> out) {
      answer(out, () -> {
        Status bad = checkName(r.getName());
        if (bad != null) {
          return bad;
        }
        if (r.getParentId().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a parent volume id");
        }
        StoredVolume parent = volumes.get(r.getParentId());
        if (parent == null) {
          return notFound(r.getParentId());
        }
        if (byName(r.getName()) != null) {
          return Status.ALREADY_EXISTS.withDescription("Volume with name " + r.getName() + " already exists");
        }
        String id = Long.toString(nextId.incrementAndGet());
        volumes.put(id, new StoredVolume(id, r.getName(), r.getAdditionalLabelsMap(), parent.id, false, parent.size, parent.data));
        return SdkVolumeCloneResponse.newBuilder().setVolumeId(id).build();
      });
    }

    @Override
    public void delete(SdkVolumeDeleteRequest r, StreamObserver<SdkVolumeDeleteResponse> out) {
      answer(out, () -> {
        if (r.getVolumeId().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a volume id");
        }
        volumes.remove(r.getVolumeId());
        return SdkVolumeDeleteResponse.getDefaultInstance();
      });
    }

    @Override
    public void inspect(SdkVolumeInspectRequest r, StreamObserver<SdkVolumeInspectResponse> out) {
      answer(out, () -> {
        if (r.getVolumeId().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a volume id");
        }
        StoredVolume v = volumes.get(r.getVolumeId());
        return v == null ? notFound(r.getVolumeId()) : describe(v);
      });
    }

    @Override
    public void inspectWithFilters(SdkVolumeInspectWithFiltersRequest r, StreamObserver<SdkVolumeInspectWithFiltersResponse> out) {
      answer(out, () -> {
        SdkVolumeInspectWithFiltersResponse.Builder b = SdkVolumeInspectWithFiltersResponse.newBuilder();
        volumes.values().stream().filter(v -> matches(v, r.getName(), r.getLabelsMap())).forEach(v -> b.addVolumes(describe(v)));
        return b.build();
      });
    }

    @Override
    public void enumerateWithFilters(SdkVolumeEnumerateWithFiltersRequest r, StreamObserver<SdkVolumeEnumerateWithFiltersResponse> out) {
      answer(out, () -> {
        SdkVolumeEnumerateWithFiltersResponse.Builder b = SdkVolumeEnumerateWithFiltersResponse.newBuilder();
        volumes.values().stream().filter(v -> matches(v, r.getName(), r.getLabelsMap())).forEach(v -> b.addVolumeIds(v.id));
        return b.build();
      });
    }

    @Override
    public void snapshotCreate(SdkVolumeSnapshotCreateRequest r, StreamObserver<SdkVolumeSnapshotCreateResponse> out) {
      answer(out, () -> {
        if (r.getVolumeId().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a volume id");
        }
        Status bad = checkName(r.getName());
        if (bad != null) {
          return bad;
        }
        StoredVolume parent = volumes.get(r.getVolumeId());
        if (parent == null) {
          return notFound(r.getVolumeId());
        }
        if (byName(r.getName()) != null) {
          return Status.ALREADY_EXISTS.withDescription("Snapshot with name " + r.getName() + " already exists");
        }
        String id = Long.toString(nextId.incrementAndGet());
        StoredVolume snap = new StoredVolume(id, r.getName(), r.getLabelsMap(), parent.id, true, parent.size, parent.data);
        if (holdNextSnapshotPending) {
          holdNextSnapshotPending = false;
          snap.state = "VOLUME_STATE_PENDING";
        }
        if (failNextSnapshot != null) {
          snap.state = "VOLUME_STATE_ERROR";
          snap.error = failNextSnapshot;
          failNextSnapshot = null;
        }
        volumes.put(id, snap);
        return SdkVolumeSnapshotCreateResponse.newBuilder().setSnapshotId(id).build();
      });
    }

    @Override
    public void snapshotRestore(SdkVolumeSnapshotRestoreRequest r, StreamObserver<SdkVolumeSnapshotRestoreResponse> out) {
      answer(out, () -> {
        if (r.getVolumeId().isEmpty() || r.getSnapshotId().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("Must supply a volume id and a snapshot id");
        }
        StoredVolume volume = volumes.get(r.getVolumeId());
        StoredVolume snap = volumes.get(r.getSnapshotId());
        if (volume == null) {
          return notFound(r.getVolumeId());
        }
        if (snap == null) {
          return notFound(r.getSnapshotId());
        }
        if (!snap.readonly || !snap.parent.equals(volume.id)) {
          return Status.INVALID_ARGUMENT.withDescription("Snapshot " + snap.id + " is not a snapshot of volume " + volume.id);
        }
        volume.data = snap.data.clone();
        return SdkVolumeSnapshotRestoreResponse.getDefaultInstance();
      });
    }

    @Override
    public void snapshotEnumerateWithFilters(SdkVolumeSnapshotEnumerateWithFiltersRequest r,
        StreamObserver<SdkVolumeSnapshotEnumerateWithFiltersResponse> out) {
      answer(out, () -> {
        List<String> ids = new ArrayList<>();
        for (StoredVolume v : volumes.values()) {
          if (v.readonly && !v.parent.isEmpty() && (r.getVolumeId().isEmpty() || v.parent.equals(r.getVolumeId()))
              && matches(v, "", r.getLabelsMap())) {
            ids.add(v.id);
          }
        }
        return SdkVolumeSnapshotEnumerateWithFiltersResponse.newBuilder().addAllVolumeSnapshotIds(ids).build();
      });
    }
  }

  private final class IdentityService extends OpenStorageIdentityGrpc.OpenStorageIdentityImplBase {
    @Override
    public void version(SdkIdentityVersionRequest r, StreamObserver<SdkIdentityVersionResponse> out) {
      out.onNext(SdkIdentityVersionResponse.newBuilder()
          .setSdkVersion(SdkVersion.newBuilder().setMajor(0).setMinor(101).setPatch(0).setVersion("0.101.0"))
          .setVersion(StorageVersion.newBuilder().setDriver("fake").setVersion("1.0"))
          .build());
      out.onCompleted();
    }

    @Override
    public void capabilities(SdkIdentityCapabilitiesRequest r, StreamObserver<SdkIdentityCapabilitiesResponse> out) {
      SdkIdentityCapabilitiesResponse.Builder b = SdkIdentityCapabilitiesResponse.newBuilder()
          .addCapabilities(SdkServiceCapability.newBuilder().setService(SdkServiceCapability.OpenStorageService.newBuilder()
              .setType(SdkServiceCapability.OpenStorageService.Type.CLUSTER)));
      if (advertiseVolume) {
        b.addCapabilities(SdkServiceCapability.newBuilder().setService(SdkServiceCapability.OpenStorageService.newBuilder()
            .setType(SdkServiceCapability.OpenStorageService.Type.VOLUME)));
      }
      out.onNext(b.build());
      out.onCompleted();
    }
  }
}

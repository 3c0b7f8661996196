package dev.snapfork.csi;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.csi.internal.Calls;
import dev.snapfork.csi.internal.CsiSettings;
import dev.snapfork.csi.internal.GroupApiDiscovery;
import dev.snapfork.csi.internal.GroupOps;
import dev.snapfork.csi.internal.RestartingPages;
import dev.snapfork.csi.internal.SnapshotOps;
import dev.snapfork.csi.internal.VolumeOps;
import dev.snapfork.csi.internal.WatchHub;
import dev.snapfork.spi.Backoff;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The Kubernetes CSI {@code VolumeSnapshot} backend (provider name {@code csi}).
 *
 * <p>A volume reference is {@code namespace/pvc} (or a bare PVC name in the default namespace); a
 * snapshot id is {@code namespace/volumesnapshot}. {@link #create} makes a
 * {@code snapshot.storage.k8s.io/v1} VolumeSnapshot carrying the ownership and request-id labels
 * and returns once {@code status.creationTime} is set (the cut); {@link #awaitReady} follows
 * {@code readyToUse} through one watch per namespace shared by all waiters, re-listing and
 * re-watching when the watch ends (410 Gone included). {@link #createVolume} makes a PVC whose
 * {@code dataSource} is the snapshot and does not wait for it to bind. When the cluster serves
 * {@code groupsnapshot.storage.k8s.io} (API discovery), {@link #createGroup} cuts PVCs that already
 * share a selecting label set through one VolumeGroupSnapshot, and others member by member.
 *
 * <p>Every method throws only {@link dev.snapfork.SnapshotException} subclasses: bad names and
 * labels fail with {@link InvalidRequestException} before any API call; 404 is
 * {@link dev.snapfork.NotFoundException}; 409 {@link dev.snapfork.ConflictException} (a create
 * conflict with an object of the same request resolves to that object); 403
 * {@link dev.snapfork.PermissionDeniedException} naming the verb and resource; 422
 * {@link InvalidRequestException}; 429 {@link dev.snapfork.RateLimitedException}; 5xx and an
 * unreachable API server {@link dev.snapfork.UnavailableException} (retried first).
 */
public final class CsiSnapshotProvider implements SnapshotProvider {
  /** The provider name. */
  public static final String NAME = "csi";

  private final KubernetesClient client;
  private final String namespace;
  private final boolean ownsClient;
  private final WatchHub hub;
  private final SnapshotOps snapshots;
  private final VolumeOps volumes;
  private final GroupOps groups;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CsiSnapshotProvider(Builder b) {
    if (b.client == null) {
      throw new InvalidRequestException("client", "is required");
    }
    String ns = b.namespace != null ? b.namespace
        : Optional.ofNullable(b.client.getNamespace()).filter(s -> !s.isBlank()).orElse("default");
    CsiSettings settings = new CsiSettings(ns, Optional.ofNullable(b.snapshotClass), Optional.ofNullable(b.storageClass),
        b.cutTimeout, b.retryAttempts, b.keepFailedSnapshots);
    this.client = b.client;
    this.namespace = ns;
    this.ownsClient = b.ownsClient;
    Calls calls = new Calls(b.retryBackoff, b.retryAttempts);
    this.hub = new WatchHub(SnapshotOps.ops(client), calls, b.reconnectBackoff);
    this.snapshots = new SnapshotOps(client, settings, calls, hub);
    this.volumes = new VolumeOps(client, settings, calls, snapshots);
    Optional<Map<String, String>> selector = Optional.ofNullable(b.groupSelector)
        .map(t -> GroupOps.parseSelector("groupSelector", t));
    this.groups = new GroupOps(client, settings, calls, snapshots, new GroupApiDiscovery(client, calls), selector);
    snapshots.onGroupMemberDeleted(groups::memberDeleted);
  }

  /** Starts a provider over a caller-supplied (or configured) client. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@link Capability#CLONE} and {@link Capability#VOLUME_MANAGEMENT}, plus
   * {@link Capability#NATIVE_GROUP} when API discovery ({@code GET /apis}, once; cached after it
   * succeeds) shows the cluster serves {@code groupsnapshot.storage.k8s.io}. A failed discovery
   * leaves the capability out (and is retried on the next call); it never throws.
   */
  @Override
  public Set<Capability> capabilities() {
    EnumSet<Capability> caps = EnumSet.of(Capability.CLONE, Capability.VOLUME_MANAGEMENT);
    if (groups.served()) {
      caps.add(Capability.NATIVE_GROUP);
    }
    return caps;
  }

  /**
   * Cuts the volumes as one group. With the PVCs in one namespace and a label selector over their
   * existing labels matching exactly them ({@code group-selector}, else the labels they all share),
   * through one VolumeGroupSnapshot; otherwise (source PVCs are never relabelled) as individual
   * VolumeSnapshots created back to back before any cut is awaited. Every returned snapshot carries
   * its request's labels and {@code snapfork.dev/group-id}; a retry with the same group id returns
   * the same snapshots.
   *
   * @throws InvalidRequestException for an empty list, a null/duplicate member, duplicate request
   *     ids or an invalid group id, before any call
   * @throws dev.snapfork.UnsupportedCapabilityException when the API group is not served
   * @throws dev.snapfork.SnapshotTimeoutException when the cut does not come within cut-timeout
   * @throws dev.snapfork.BackendFailureException when the group reports status.error
   */
  @Override
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    return groups.createGroup(groupId, requests);
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    return snapshots.create(snapshots.prepare(request));
  }

  @Override
  public Snapshot get(String snapshotId) {
    return snapshots.get(snapshotId);
  }

  /** Lists in the source's namespace, or the default namespace when the filter names no source. */
  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return snapshots.list(filter, page);
  }

  /**
   * Every snapshot passing {@code filter}, page by page. When a {@code continue} token expires
   * mid-listing (HTTP 410 after etcd compaction) the listing restarts from the first page, skipping
   * snapshots already returned; it never sends the dead token again.
   */
  @Override
  public Stream<Snapshot> stream(SnapshotFilter filter) {
    return RestartingPages.stream(page -> list(filter, page), Snapshot::id);
  }

  @Override
  public boolean delete(String snapshotId) {
    return snapshots.delete(snapshotId);
  }

  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    return snapshots.awaitReady(snapshotId, timeout);
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    return volumes.createVolume(request);
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    return volumes.getVolume(volume);
  }

  /** PVCs in the default namespace. */
  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return volumes.listVolumes(filter, page);
  }

  /** Every PVC passing {@code filter}, restarting like {@link #stream} when a continue token expires. */
  @Override
  public Stream<Volume> streamVolumes(VolumeFilter filter) {
    return RestartingPages.stream(page -> listVolumes(filter, page), v -> v.ref().id());
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    return volumes.deleteVolume(volume, force);
  }

  /** Closes the watches, and the client when the provider created it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      hub.close();
      if (ownsClient) {
        client.close();
      }
    }
  }

  @Override
  public String toString() {
    java.net.URL url = client.getMasterUrl();
    // Host and port only: a URL may carry user info.
    return "CsiSnapshotProvider{master=" + (url == null ? "?" : url.getHost() + ":" + url.getPort()) + ", namespace="
        + namespace + "}";
  }

  /** Builds a {@link CsiSnapshotProvider}. */
  public static final class Builder {
    private KubernetesClient client;
    private boolean ownsClient;
    private String namespace;
    private String snapshotClass;
    private String storageClass;
    private String groupSelector;
    private Duration cutTimeout = Duration.ofMinutes(2);
    private int retryAttempts = 4;
    private boolean keepFailedSnapshots;
    private Backoff retryBackoff = Backoff.RETRY;
    private Backoff reconnectBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5);

    private Builder() {}

    /** The client to use; the provider does not close it. */
    public Builder client(KubernetesClient client) {
      this.client = client;
      this.ownsClient = false;
      return this;
    }

    /** A client the provider owns and closes. */
    public Builder ownedClient(KubernetesClient client) {
      this.client = client;
      this.ownsClient = true;
      return this;
    }

    /** Default namespace; else the client's namespace, else {@code default}. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** VolumeSnapshotClass for new snapshots; unset means the cluster's default for the PVC's driver. */
    public Builder snapshotClass(String snapshotClass) {
      this.snapshotClass = snapshotClass;
      return this;
    }

    /**
     * Equality label selector ({@code key=value,key=value}) over existing PVC labels used for native
     * group cuts; when it does not match exactly the requested PVCs the group is cut member by
     * member. Unset: the labels all requested PVCs share.
     */
    public Builder groupSelector(String groupSelector) {
      this.groupSelector = groupSelector;
      return this;
    }

    /** Storage class for clones; unset means the source PVC's. */
    public Builder storageClass(String storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /** How long {@code create} waits for the cut. @throws InvalidRequestException unless positive */
    public Builder cutTimeout(Duration cutTimeout) {
      if (cutTimeout == null || cutTimeout.isZero() || cutTimeout.isNegative()) {
        throw new InvalidRequestException("cutTimeout", "must be a positive duration");
      }
      this.cutTimeout = cutTimeout;
      return this;
    }

    /**
     * Whether a VolumeSnapshot this provider created that fails before its cut
     * ({@code status.error}) is kept for inspection. Default {@code false}: Snapfork deletes it and
     * {@code create} says so in its error.
     */
    public Builder keepFailedSnapshots(boolean keep) {
      this.keepFailedSnapshots = keep;
      return this;
    }

    /** Attempts per API call for retryable errors (1 = no retry). */
    public Builder retryAttempts(int retryAttempts) {
      if (retryAttempts < 1) {
        throw new InvalidRequestException("retryAttempts", "must be at least 1");
      }
      this.retryAttempts = retryAttempts;
      return this;
    }

    /** Backoff between retries of transient errors. */
    public Builder retryBackoff(Backoff backoff) {
      this.retryBackoff = backoff;
      return this;
    }

    /** Backoff between attempts to re-open a lost watch. */
    public Builder reconnectBackoff(Backoff backoff) {
      this.reconnectBackoff = backoff;
      return this;
    }

    /**
     * Builds the provider. No API call is made.
     *
     * @throws InvalidRequestException when the client is missing or a name breaks Kubernetes rules
     */
    public CsiSnapshotProvider build() {
      return new CsiSnapshotProvider(this);
    }
  }
}

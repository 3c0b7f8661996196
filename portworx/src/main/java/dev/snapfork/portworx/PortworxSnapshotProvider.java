package dev.snapfork.portworx;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnavailableException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.spi.Checks;
import dev.snapfork.portworx.internal.ChannelFactory;
import dev.snapfork.portworx.internal.OsdClient;
import dev.snapfork.portworx.internal.Retrier;
import dev.snapfork.portworx.internal.SnapshotOps;
import dev.snapfork.portworx.internal.TokenSource;
import dev.snapfork.portworx.internal.VolumeOps;
import dev.snapfork.portworx.internal.VolumeResolver;
import dev.snapfork.portworx.internal.proto.SdkServiceCapability;
import dev.snapfork.spi.Backoff;
import io.grpc.ManagedChannel;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots and clones on Portworx (or any OpenStorage SDK server) over its native gRPC API.
 * Snapshots are local Portworx snapshots ({@code SnapshotCreate}); clones are {@code Clone}s of a
 * snapshot into a new named volume; in-place restore is {@code SnapshotRestore}, only through
 * {@link #restore}. Volume references are volume ids or names.
 *
 * <p>Open with {@link #connect(PortworxOptions)} (or through {@code snapfork.provider=portworx});
 * both make a first {@code Identity.Version} (and {@code Identity.Capabilities}) call within the connect timeout and fail with a typed
 * error when the server cannot be reached. Thread-safe. Throws only {@link SnapshotException}s.
 */
public final class PortworxSnapshotProvider implements SnapshotProvider {
  /** The provider name, {@code portworx}. */
  public static final String NAME = "portworx";
  private static final Logger LOG = LoggerFactory.getLogger(PortworxSnapshotProvider.class);
  private static final Set<Capability> CAPABILITIES =
      Set.copyOf(EnumSet.of(Capability.CLONE, Capability.RESTORE_IN_PLACE, Capability.VOLUME_MANAGEMENT, Capability.COPY_ON_WRITE));

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final PortworxOptions options;
  private final SnapshotOps snapshots;
  private final VolumeOps volumes;
  private final String serverVersion;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PortworxSnapshotProvider(ManagedChannel channel, boolean ownsChannel, PortworxOptions options) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.options = options;
    TokenSource tokens = options.token().map(TokenSource::of)
        .or(() -> options.tokenFile().map(TokenSource::fromFile))
        .orElseGet(TokenSource::none);
    OsdClient client = new OsdClient(channel, tokens, options.callTimeout());
    Retrier retrier = new Retrier(options.maxAttempts(),
        new Backoff(options.retryInitialDelay(), options.retryMaxDelay(), 2.0, 1.0), options.operationTimeout());
    VolumeResolver resolver = new VolumeResolver(client);
    this.snapshots = new SnapshotOps(client, resolver, retrier);
    this.volumes = new VolumeOps(client, resolver, snapshots, retrier);
    this.serverVersion = handshake(client, options);
  }

  /**
   * Connects to {@code options.endpoint()} and checks the server answers.
   *
   * @throws dev.snapfork.ConfigurationException for a missing endpoint or unusable TLS files
   * @throws UnavailableException when the server does not answer within the connect timeout
   * @throws dev.snapfork.PermissionDeniedException when the server refuses the token
   */
  public static PortworxSnapshotProvider connect(PortworxOptions options) {
    Checks.notNull("options", options);
    return open(ChannelFactory.create(options), true, options);
  }

  /**
   * Uses an existing channel (for example an in-process channel in tests, or one with custom
   * interceptors); the endpoint and TLS settings of {@code options} are ignored.
   *
   * @param shutdownOnClose whether {@link #close()} shuts the channel down
   * @throws UnavailableException when the server does not answer within the connect timeout
   */
  public static PortworxSnapshotProvider overChannel(ManagedChannel channel, boolean shutdownOnClose, PortworxOptions options) {
    Checks.notNull("channel", channel);
    Checks.notNull("options", options);
    return open(channel, shutdownOnClose, options);
  }

  private static PortworxSnapshotProvider open(ManagedChannel channel, boolean owns, PortworxOptions options) {
    try {
      return new PortworxSnapshotProvider(channel, owns, options);
    } catch (RuntimeException e) {
      if (owns) {
        channel.shutdownNow();
      }
      throw e;
    }
  }

  private static String handshake(OsdClient client, PortworxOptions options) {
    try {
      var v = client.version(options.connectTimeout());
      requireVolumeService(client, options);
      return v.getVersion().getDriver() + " " + v.getVersion().getVersion() + " (SDK " + v.getSdkVersion().getVersion() + ")";
    } catch (UnavailableException | dev.snapfork.SnapshotTimeoutException e) {
      String where = options.endpoint().orElse("the given channel");
      throw new UnavailableException("cannot reach the OpenStorage SDK at " + where + " within " + options.connectTimeout()
          + (options.tls() ? "" : " over plaintext (if the server uses TLS, set snapfork.portworx.tls=true)")
          + ": " + e.getMessage(), e);
    }
  }

  /** Fails when the server lists its services and OpenStorageVolume is not among them. */
  private static void requireVolumeService(OsdClient client, PortworxOptions options) {
    var services = client.capabilities(options.connectTimeout()).getCapabilitiesList().stream()
        .filter(c -> c.hasService())
        .map(c -> c.getService().getType())
        .toList();
    if (!services.isEmpty() && !services.contains(SdkServiceCapability.OpenStorageService.Type.VOLUME)) {
      throw new BackendFailureException("the OpenStorage SDK server does not offer the Volume service (it lists " + services
          + "); snapshots are not possible through it", null);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /** The server's driver and version as reported by {@code Identity.Version} at connect. */
  public String serverVersion() {
    return serverVersion;
  }

  @Override
  public Snapshot create(SnapshotRequest request) {
    return snapshots.create(request);
  }

  @Override
  public Snapshot get(String snapshotId) {
    return snapshots.get(snapshotId);
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return snapshots.list(filter, page);
  }

  @Override
  public boolean delete(String snapshotId) {
    return snapshots.delete(snapshotId);
  }

  @Override
  public Volume createVolume(CloneRequest request) {
    return volumes.createVolume(request);
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    return volumes.getVolume(volume);
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return volumes.listVolumes(filter, page);
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    return volumes.deleteVolume(volume, force);
  }

  @Override
  public void restore(String snapshotId) {
    snapshots.restore(snapshotId);
  }

  /** Shuts the channel down (when owned), waiting at most the close timeout for calls in flight. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true) || !ownsChannel) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.debug("channel did not terminate within {}; forcing", options.closeTimeout());
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "PortworxSnapshotProvider{" + options.endpoint().orElse("custom channel") + ", tls=" + options.tls() + "}";
  }
}

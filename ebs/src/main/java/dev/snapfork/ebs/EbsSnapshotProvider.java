package dev.snapfork.ebs;

import dev.snapfork.spi.Checks;
import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.internal.BlockIo;
import dev.snapfork.ebs.internal.Clients;
import dev.snapfork.ebs.internal.Credentials;
import dev.snapfork.ebs.internal.SdkBlockIo;
import dev.snapfork.ebs.internal.EbsRules;
import dev.snapfork.ebs.internal.GroupCut;
import dev.snapfork.ebs.internal.ReadyBatcher;
import dev.snapfork.ebs.internal.RecentlyCreated;
import dev.snapfork.ebs.internal.SnapshotOps;
import dev.snapfork.ebs.internal.VolumeOps;
import dev.snapfork.spi.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The AWS EBS backend: snapshots through EC2 (CreateSnapshot, DescribeSnapshots, DeleteSnapshot,
 * CreateVolume, CreateSnapshots, CopySnapshot) and block data through the EBS direct APIs
 * ({@link #blocks()}). Volume references are EBS volume ids ({@code vol-...}); snapshot ids are
 * {@code snap-...}. Names are kept in the {@code Name} tag, labels as tags.
 *
 * <p>{@link #awaitReady} shares one DescribeSnapshots call per poll round among every snapshot
 * awaited through this provider. Malformed ids, more than 50 tags, {@code aws:} keys and clone
 * sizes below the snapshot's fail with {@link InvalidRequestException} before the call they
 * concern; AWS errors are translated into Snapfork exceptions (throttling into
 * {@link dev.snapfork.RateLimitedException}, {@code *.NotFound} into
 * {@link dev.snapfork.NotFoundException}, ...). Thread-safe.
 */
public final class EbsSnapshotProvider implements SnapshotProvider {
  /** The provider name in configuration. */
  public static final String NAME = "ebs";

  private final Ec2Client ec2;
  private final EbsClient ebs;
  private final boolean ownsClients;
  private final Settings settings;
  private final SnapshotOps snapshots;
  private final VolumeOps volumes;
  private final GroupCut groups;
  private final ReadyBatcher batcher;
  private final EbsBlockData blocks;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AutoCloseable ownedCredentials;

  private EbsSnapshotProvider(Builder b) {
    this.ownsClients = b.ec2 == null;
    BlockTransport transport = b.blockTransport != null ? b.blockTransport : ownsClients ? BlockTransport.DIRECT : BlockTransport.SDK;
    if (!ownsClients && transport == BlockTransport.DIRECT) {
      throw new InvalidRequestException("blockTransport", "DIRECT needs the provider to build its own clients (region, credentials and "
          + "endpoint are not readable from injected ones); with injected clients use SDK");
    }
    this.settings = new Settings(b.maxAttempts, b.perVolumeRateDelay, b.perVolumeRateAttempts, b.pollBackoff,
        b.blockConcurrency, b.consistencyGrace, b.region, transport);
    // wrapped so that missing credentials surface as a configuration error wherever they are needed
    Credentials credentials = b.credentials != null ? Credentials.given(b.credentials) : Credentials.defaultChain();
    this.ownedCredentials = b.credentials == null ? credentials : null;
    this.ec2 = b.ec2 != null ? b.ec2 : Clients.ec2(b.region, b.ec2Endpoint, credentials, b.maxAttempts, b.retryBase, b.retryMax);
    this.ebs = b.ebs != null ? b.ebs : Clients.ebs(b.region, b.ebsEndpoint, credentials, b.blockConcurrency);
    BlockIo io = transport == BlockTransport.SDK ? new SdkBlockIo(ebs)
        : Clients.directBlockIo(b.region, b.ebsEndpoint, credentials, b.blockConcurrency);
    this.snapshots = new SnapshotOps(ec2, b.perVolumeRateDelay, b.perVolumeRateAttempts,
        new RecentlyCreated(b.consistencyGrace, b.consistencyBackoff));
    this.volumes = new VolumeOps(ec2, snapshots);
    this.groups = new GroupCut(ec2, snapshots);
    this.batcher = new ReadyBatcher(snapshots::describeBatch, b.pollBackoff, snapshots.recent()::inGrace);
    this.blocks = new EbsBlockData(ebs, io, snapshots, b.blockConcurrency, b.consistencyGrace, b.blockRetryBackoff, b.listPageSize);
  }

  /** Starts a builder; with nothing set, region and credentials come from the SDK's default chains. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.CLONE, Capability.VOLUME_MANAGEMENT, Capability.NATIVE_GROUP,
        Capability.CHANGED_BLOCKS, Capability.CROSS_REGION_COPY);
  }

  /**
   * {@inheritDoc}
   *
   * <p>CreateSnapshot with the name, ownership, request-id and user labels as tags. Looks up the
   * request id first, so a retried create returns the first attempt. On
   * {@code SnapshotCreationPerVolumeRateExceeded} (which the SDK does not retry) it waits the
   * configured delay (15 s by default, as AWS advises) and tries again a bounded number of times.
   */
  @Override
  public Snapshot create(SnapshotRequest request) {
    return snapshots.create(Checks.notNull("request", request));
  }

  /**
   * {@inheritDoc}
   *
   * <p>When every volume is attached to one instance this is one CreateSnapshots call
   * (crash-consistent across the volumes). Otherwise EC2 has no multi-volume call: the volumes
   * are cut one CreateSnapshot each, concurrently, and every snapshot carries the attribute
   * {@code ebs.group-mode=per-volume} to say so.
   */
  @Override
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    return groups.create(groupId, requests);
  }

  @Override
  public Snapshot get(String snapshotId) {
    return snapshots.get(snapshotId);
  }

  /** {@inheritDoc} Pages of any size; EC2 pages of at least 5 are fetched underneath. */
  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return snapshots.list(Checks.notNull("filter", filter), Checks.notNull("page", page));
  }

  @Override
  public boolean delete(String snapshotId) {
    return snapshots.delete(snapshotId);
  }

  /** {@inheritDoc} Batched: one DescribeSnapshots call per round for every awaited snapshot. */
  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    EbsRules.snapshotId("snapshotId", snapshotId);
    Checks.positive("timeout", timeout);
    return batcher.await(snapshotId, timeout);
  }

  /**
   * {@inheritDoc}
   *
   * <p>CreateVolume with {@code ClientToken} derived from the request id. Parameters:
   * {@code availabilityZone} (default: the source volume's), {@code volumeType}, {@code iops},
   * {@code throughput}, {@code encrypted}, {@code kmsKeyId}. The volume is returned as soon as
   * EC2 accepted it (state {@code creating}).
   */
  @Override
  public Volume createVolume(CloneRequest request) {
    return volumes.create(Checks.notNull("request", request));
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    return volumes.get(volume);
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return volumes.list(Checks.notNull("filter", filter), Checks.notNull("page", page));
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    return volumes.delete(volume, force);
  }

  /**
   * Copies a snapshot into another region (CopySnapshot called in the destination region, with
   * the ownership and request-id tags). Returns the copy, pending. The request names the
   * destination client's region as {@code DestinationRegion}, so the SDK pre-signs the source
   * region's CopySnapshot ({@code PresignedUrl}) from its region metadata even when the
   * destination uses an endpoint override.
   *
   * @param destination a client for the destination region (see {@link Builder#build()})
   * @throws InvalidRequestException for a malformed id or region
   * @throws dev.snapfork.NotFoundException when the source snapshot does not exist
   */
  public Snapshot copyToRegion(String snapshotId, String sourceRegion, EbsSnapshotProvider destination,
      Map<String, String> labels, String requestId) {
    EbsRules.snapshotId("snapshotId", snapshotId);
    EbsRules.region("sourceRegion", sourceRegion);
    Checks.notNull("destination", destination);
    return destination.snapshots.copyFrom(snapshotId, sourceRegion, Checks.notNull("labels", labels),
        Checks.notBlank("requestId", requestId));
  }

  /** Block-level data of snapshots: download, upload, changed blocks (EBS direct APIs). */
  public EbsBlockData blocks() {
    return blocks;
  }

  /** How many snapshots are being awaited through this provider right now. */
  public int awaiting() {
    return batcher.waiting();
  }

  /**
   * How many readiness poll rounds {@link #awaitReady} has run in this provider; each round is one
   * DescribeSnapshots call for up to 200 awaited snapshots (for monitoring and benchmarks).
   */
  public long pollRounds() {
    return batcher.rounds();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      batcher.close();
      blocks.close();
      if (ownsClients) {
        ec2.close();
        ebs.close();
      }
      if (ownedCredentials != null) {
        try {
          ownedCredentials.close();
        } catch (Exception e) {
          // the default chain's refresh resources; nothing to recover
        }
      }
    }
  }

  @Override
  public String toString() {
    return "EbsSnapshotProvider{" + settings + "}";
  }

  /** Effective settings, for toString (no credentials). */
  private record Settings(int maxAttempts, Duration perVolumeRateDelay, int perVolumeRateAttempts, Backoff poll,
      int blockConcurrency, Duration consistencyGrace, String region, BlockTransport blockTransport) {}

  /** Builds an {@link EbsSnapshotProvider}. Every setting has a default. */
  public static final class Builder {
    private String region;
    private URI ec2Endpoint;
    private URI ebsEndpoint;
    private AwsCredentialsProvider credentials;
    private Ec2Client ec2;
    private EbsClient ebs;
    private int maxAttempts = 5;
    private Duration retryBase = Duration.ofMillis(100);
    private Duration retryMax = Duration.ofSeconds(20);
    private Duration perVolumeRateDelay = Duration.ofSeconds(15);
    private int perVolumeRateAttempts = 4;
    private Backoff pollBackoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 1.5, 0.5);
    private Backoff blockRetryBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 1.0);
    private int blockConcurrency = 32;
    private Duration consistencyGrace = Duration.ofSeconds(30);
    private Backoff consistencyBackoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4), 2.0, 0.5);
    private int listPageSize = 10000;
    private BlockTransport blockTransport;

    private Builder() {}

    /** The AWS region, e.g. {@code eu-west-1}; default: the SDK's region chain. */
    public Builder region(String region) {
      this.region = EbsRules.region("region", region);
      return this;
    }

    /** An EC2 endpoint override (LocalStack-like endpoints, tests). */
    public Builder ec2Endpoint(URI endpoint) {
      this.ec2Endpoint = Checks.notNull("ec2Endpoint", endpoint);
      return this;
    }

    /** An EBS direct API endpoint override. */
    public Builder ebsEndpoint(URI endpoint) {
      this.ebsEndpoint = Checks.notNull("ebsEndpoint", endpoint);
      return this;
    }

    /** Credentials; default: the SDK's default credentials chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Checks.notNull("credentials", credentials);
      return this;
    }

    /** Uses these clients instead of building them; the caller closes them. */
    public Builder clients(Ec2Client ec2, EbsClient ebs) {
      this.ec2 = Checks.notNull("ec2", ec2);
      this.ebs = Checks.notNull("ebs", ebs);
      return this;
    }

    /** Attempts per EC2 call by the SDK's standard retry strategy (default 5). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 20) {
        throw new InvalidRequestException("maxAttempts", "must be between 1 and 20, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The SDK retry backoff's base and cap for EC2 calls (default 100 ms, 20 s). */
    public Builder retryBackoff(Duration base, Duration max) {
      this.retryBase = Checks.positive("retryBackoff.base", base);
      this.retryMax = Checks.positive("retryBackoff.max", max);
      return this;
    }

    /** Wait after SnapshotCreationPerVolumeRateExceeded (default 15 s, as AWS advises). */
    public Builder perVolumeRateDelay(Duration delay) {
      this.perVolumeRateDelay = Checks.positive("perVolumeRateDelay", delay);
      return this;
    }

    /** Attempts of a create throttled per volume (default 4). */
    public Builder perVolumeRateAttempts(int attempts) {
      if (attempts < 1) {
        throw new InvalidRequestException("perVolumeRateAttempts", "must be at least 1, got " + attempts);
      }
      this.perVolumeRateAttempts = attempts;
      return this;
    }

    /** Backoff between readiness poll rounds (default 2 s growing to 30 s, half jittered). */
    public Builder pollBackoff(Backoff backoff) {
      this.pollBackoff = Checks.notNull("pollBackoff", backoff);
      return this;
    }

    /** Backoff between retries of one block call (default 100 ms growing to 5 s, full jitter). */
    public Builder blockRetryBackoff(Backoff backoff) {
      this.blockRetryBackoff = Checks.notNull("blockRetryBackoff", backoff);
      return this;
    }

    /** Most parallel block calls (default 32). */
    public Builder blockConcurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 256) {
        throw new InvalidRequestException("blockConcurrency", "must be between 1 and 256, got " + concurrency);
      }
      this.blockConcurrency = concurrency;
      return this;
    }

    /**
     * How long "not found" is retried right after a create, for AWS's eventual consistency
     * (default 30 s): block calls right after StartSnapshot, and {@code get}, {@code awaitReady},
     * {@code getVolume} and {@code delete} of a snapshot or volume this provider instance created
     * (CreateSnapshot, CreateSnapshots, CopySnapshot, CreateVolume) within that time. Ids this
     * instance did not create fail {@link dev.snapfork.NotFoundException} at once.
     */
    public Builder consistencyGrace(Duration grace) {
      this.consistencyGrace = Checks.positive("consistencyGrace", grace);
      return this;
    }

    /** Backoff between EC2 describes of a new id not visible yet (default 250 ms growing to 4 s, half jittered). */
    public Builder consistencyBackoff(Backoff backoff) {
      this.consistencyBackoff = Checks.notNull("consistencyBackoff", backoff);
      return this;
    }

    /** MaxResults of ListSnapshotBlocks / ListChangedBlocks pages, 100 to 10000 (default 10000). */
    public Builder listPageSize(int size) {
      if (size < 100 || size > 10000) {
        throw new InvalidRequestException("listPageSize", "must be between 100 and 10000, got " + size);
      }
      this.listPageSize = size;
      return this;
    }

    /**
     * How block data travels (default {@link BlockTransport#DIRECT}, or {@link BlockTransport#SDK}
     * with injected clients).
     */
    public Builder blockTransport(BlockTransport transport) {
      this.blockTransport = Checks.notNull("blockTransport", transport);
      return this;
    }

    /**
     * Builds the provider (and its clients, unless given).
     *
     * @throws SnapshotException when the SDK cannot build a client (e.g. no region anywhere)
     */
    public EbsSnapshotProvider build() {
      try {
        return new EbsSnapshotProvider(this);
      } catch (software.amazon.awssdk.core.exception.SdkException e) {
        throw new dev.snapfork.ConfigurationException("snapfork.ebs.region",
            "the AWS clients could not be built: " + e.getMessage(), e);
      }
    }
  }
}

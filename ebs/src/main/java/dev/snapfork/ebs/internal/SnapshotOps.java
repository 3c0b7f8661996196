package dev.snapfork.ebs.internal;

import dev.snapfork.ConflictException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.RateLimitedException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CopySnapshotResponse;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 snapshot calls: create (idempotent), get, list, delete, batch describe, copy. */
public final class SnapshotOps {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotOps.class);
  private static final int BATCH = 200;

  private final Ec2Client ec2;
  private final Duration perVolumeRateDelay;
  private final int perVolumeRateAttempts;
  private final RecentlyCreated recent;

  /**
   * @param recent the ids this provider instance created lately: "not found" about them is
   *     retried within the consistency grace (EC2 eventual consistency)
   */
  public SnapshotOps(Ec2Client ec2, Duration perVolumeRateDelay, int perVolumeRateAttempts, RecentlyCreated recent) {
    this.ec2 = ec2;
    this.perVolumeRateDelay = perVolumeRateDelay;
    this.perVolumeRateAttempts = perVolumeRateAttempts;
    this.recent = recent;
  }

  /** The ids this provider instance created within the consistency grace. */
  public RecentlyCreated recent() {
    return recent;
  }

  /** The tags a create writes, checked; the name is generated from the request id when absent. */
  public static List<Tag> createTags(SnapshotRequest request, String name) {
    Map<String, String> labels = request.effectiveLabels();
    EbsRules.tags("labels", request.labels(), labels.size() + 1);
    return Mapping.toTags(labels, name);
  }

  /** The name a request gets. */
  public static String nameOf(SnapshotRequest request) {
    return request.name().orElse("snapfork-" + request.requestId());
  }

  public Snapshot create(SnapshotRequest request) {
    String volumeId = EbsRules.volumeId("source", request.source().id());
    String name = nameOf(request);
    List<Tag> tags = createTags(request, name);
    Optional<Snapshot> earlier = findByRequestId(request.requestId());
    if (earlier.isPresent()) {
      if (!earlier.get().source().id().equals(volumeId)) {
        throw new ConflictException("request id " + request.requestId() + " already made snapshot " + earlier.get().id()
            + " of another volume (" + earlier.get().source() + ")", null, false);
      }
      return earlier.get();
    }
    List<Snapshot> sameName = describeAll(List.of(tagFilter(EbsRules.NAME_TAG, name), tagFilter(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)));
    if (!sameName.isEmpty()) {
      throw new ConflictException("snapshot name '" + name + "' is taken by " + sameName.get(0).id()
          + " (request id " + sameName.get(0).labels().get(Labels.REQUEST_ID) + ")", null, false);
    }
    for (int attempt = 1; ; attempt++) {
      try {
        CreateSnapshotResponse r = Ec2Calls.call("CreateSnapshot", "volume", volumeId, () -> ec2.createSnapshot(b -> b
            .volumeId(volumeId)
            .description(request.description().orElse("snapfork snapshot " + name))
            .tagSpecifications(Mapping.spec(ResourceType.SNAPSHOT, tags))));
        recent.record(r.snapshotId());
        return Mapping.snapshot(software.amazon.awssdk.services.ec2.model.Snapshot.builder()
            .snapshotId(r.snapshotId()).volumeId(r.volumeId() == null ? volumeId : r.volumeId()).state(r.stateAsString())
            .startTime(r.startTime()).progress(r.progress()).ownerId(r.ownerId()).description(r.description())
            .volumeSize(r.volumeSize()).encrypted(r.encrypted()).kmsKeyId(r.kmsKeyId())
            .tags(r.hasTags() && !r.tags().isEmpty() ? r.tags() : tags).stateMessage(r.stateMessage()).build());
      } catch (RateLimitedException e) {
        if (!"SnapshotCreationPerVolumeRateExceeded".equals(AwsErrors.code(e.getCause())) || attempt >= perVolumeRateAttempts) {
          throw e;
        }
        LOG.info("CreateSnapshot of {} throttled per volume; waiting {} before attempt {}", volumeId, perVolumeRateDelay, attempt + 1);
        sleep(perVolumeRateDelay);
      }
    }
  }

  /** The managed snapshot carrying this request id, if any. */
  public Optional<Snapshot> findByRequestId(String requestId) {
    List<Snapshot> found = describeAll(List.of(tagFilter(Labels.REQUEST_ID, requestId), tagFilter(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)));
    return found.stream().findFirst();
  }

  /** Managed snapshots carrying {@code key=value}. */
  public List<Snapshot> findByTag(String key, String value) {
    return describeAll(List.of(tagFilter(key, value), tagFilter(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)));
  }

  /**
   * DescribeSnapshots of one id; a snapshot this instance created within the consistency grace
   * that EC2 does not show yet is described again with backoff until the grace ends.
   */
  public Snapshot get(String snapshotId) {
    EbsRules.snapshotId("snapshotId", snapshotId);
    return recent.retryNotFound(snapshotId, () -> describeOne(snapshotId));
  }

  private Snapshot describeOne(String snapshotId) {
    DescribeSnapshotsResponse r = Ec2Calls.call("DescribeSnapshots", "snapshot", snapshotId,
        () -> ec2.describeSnapshots(b -> b.snapshotIds(snapshotId)));
    if (!r.hasSnapshots() || r.snapshots().isEmpty()) {
      throw new NotFoundException("snapshot", snapshotId);
    }
    return Mapping.snapshot(r.snapshots().get(0));
  }

  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    List<Filter> filters = new ArrayList<>();
    filter.source().ifPresent(v -> filters.add(Filter.builder().name("volume-id").values(EbsRules.volumeId("filter.source", v.id())).build()));
    filter.labels().forEach((k, v) -> filters.add(tagFilter(k, v)));
    return Listing.page(page, 5, 1000, (token, max) -> {
      DescribeSnapshotsResponse r = Ec2Calls.call("DescribeSnapshots", "snapshot", null, () -> ec2.describeSnapshots(
          DescribeSnapshotsRequest.builder().ownerIds("self").filters(filters).maxResults(max).nextToken(token).build()));
      return new Listing.AwsPage<>(r.snapshots().stream().map(Mapping::snapshot).toList(), Optional.ofNullable(r.nextToken()));
    });
  }

  public boolean delete(String snapshotId) {
    EbsRules.snapshotId("snapshotId", snapshotId);
    try {
      recent.retryNotFound(snapshotId,
          () -> Ec2Calls.call("DeleteSnapshot", "snapshot", snapshotId, () -> ec2.deleteSnapshot(b -> b.snapshotId(snapshotId))));
      return true;
    } catch (NotFoundException e) {
      return false;
    } finally {
      recent.forget(snapshotId);
    }
  }

  /**
   * Describes many snapshots in as few calls as possible (a {@code snapshot-id} filter, up to
   * {@value #BATCH} ids a call): ids missing from the result do not exist.
   */
  public Map<String, Snapshot> describeBatch(List<String> ids) {
    Map<String, Snapshot> out = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + BATCH));
      for (Snapshot s : describeAll(List.of(Filter.builder().name("snapshot-id").values(chunk).build()))) {
        out.put(s.id(), s);
      }
    }
    return out;
  }

  /**
   * Copies {@code snapshotId} from {@code sourceRegion} into this client's region.
   *
   * <p>CopySnapshot needs a {@code PresignedUrl}: a CopySnapshot request for the source region,
   * SigV4-signed in the query string with the caller's credentials, which the destination region
   * uses to read the source on the caller's behalf (required for encrypted snapshots). The SDK's
   * {@code GeneratePreSignUrlInterceptor} builds it, but when the request has no
   * {@code DestinationRegion} it derives that from the endpoint's host name
   * ({@code AwsHostNameUtils.parseSigningRegion}), which fails with "Could not determine region"
   * for any endpoint override whose host does not look like {@code ec2.<region>.amazonaws.com}
   * (loopback, LocalStack, VPC endpoints with custom DNS). We therefore always pass the client's
   * own region as {@code DestinationRegion}; the interceptor then pre-signs for the source
   * region's public endpoint from the SDK's region metadata, exactly as without an override.
   */
  public Snapshot copyFrom(String snapshotId, String sourceRegion, Map<String, String> labels, String requestId) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    all.put(Labels.REQUEST_ID, requestId);
    EbsRules.tags("labels", labels, all.size());
    Optional<Snapshot> earlier = findByRequestId(requestId);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    String destinationRegion = destinationRegion();
    CopySnapshotResponse r = Ec2Calls.call("CopySnapshot", "snapshot", snapshotId, () -> ec2.copySnapshot(b -> b
        .sourceSnapshotId(snapshotId).sourceRegion(sourceRegion).destinationRegion(destinationRegion).description("snapfork copy of " + snapshotId + " from " + sourceRegion)
        .tagSpecifications(Mapping.spec(ResourceType.SNAPSHOT, Mapping.toTags(all, null)))));
    recent.record(r.snapshotId());
    return get(r.snapshotId());
  }

  /** The region of the EC2 client (the copy's destination). */
  private String destinationRegion() {
    software.amazon.awssdk.regions.Region region = ec2.serviceClientConfiguration().region();
    if (region == null) {
      throw new dev.snapfork.ConfigurationException("snapfork.ebs.region", "the EC2 client has no region; a cross-region copy needs one");
    }
    return region.id();
  }

  private List<Snapshot> describeAll(List<Filter> filters) {
    List<Snapshot> out = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      DescribeSnapshotsResponse r = Ec2Calls.call("DescribeSnapshots", "snapshot", null, () -> ec2.describeSnapshots(
          DescribeSnapshotsRequest.builder().filters(filters).maxResults(1000).nextToken(t).build()));
      r.snapshots().forEach(s -> out.add(Mapping.snapshot(s)));
      token = r.nextToken() == null || r.nextToken().isEmpty() ? null : r.nextToken();
    } while (token != null);
    return out;
  }

  /** A {@code tag:key} filter. */
  public static Filter tagFilter(String key, String value) {
    return Filter.builder().name("tag:" + key).values(value).build();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while waiting out SnapshotCreationPerVolumeRateExceeded", e);
    }
  }
}

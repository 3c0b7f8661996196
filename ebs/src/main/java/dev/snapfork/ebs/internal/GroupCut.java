package dev.snapfork.ebs.internal;

import dev.snapfork.spi.Checks;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SnapshotInfo;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/**
 * Group cuts. Volumes attached to one instance: one CreateSnapshots call (crash-consistent across
 * them), excluding the instance's other data volumes; a snapshot of an unrequested boot volume
 * (which CreateSnapshots cannot exclude by id) is deleted at once. Otherwise: one CreateSnapshot
 * per volume, concurrently, marked {@code ebs.group-mode=per-volume}.
 */
public final class GroupCut {
  private static final Logger LOG = LoggerFactory.getLogger(GroupCut.class);

  private final Ec2Client ec2;
  private final SnapshotOps snapshots;

  public GroupCut(Ec2Client ec2, SnapshotOps snapshots) {
    this.ec2 = ec2;
    this.snapshots = snapshots;
  }

  public List<Snapshot> create(String groupId, List<SnapshotRequest> requests) {
    Checks.notBlank("groupId", groupId);
    Checks.notNull("requests", requests);
    if (requests.isEmpty()) {
      throw new InvalidRequestException("requests", "must name at least one volume");
    }
    List<String> volumeIds = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      SnapshotRequest r = Checks.notNull("requests[" + i + "]", requests.get(i));
      String id = EbsRules.volumeId("requests[" + i + "].source", r.source().id());
      if (volumeIds.contains(id)) {
        throw new InvalidRequestException("requests[" + i + "].source", "volume " + id + " appears twice in the group");
      }
      SnapshotOps.createTags(withGroup(r, groupId), SnapshotOps.nameOf(r));
      volumeIds.add(id);
    }
    List<Snapshot> earlier = snapshots.findByTag(Labels.GROUP_ID, groupId);
    if (!earlier.isEmpty()) {
      return inRequestOrder(earlier, volumeIds, groupId);
    }
    List<Volume> volumes = VolumeOps.describe(ec2, volumeIds);
    String instance = commonInstance(volumes);
    if (instance == null) {
      LOG.warn("volumes {} are not all attached to one instance: EC2 has no crash-consistent multi-volume call for them; "
          + "cutting them one CreateSnapshot each", volumeIds);
      return perVolume(groupId, requests);
    }
    return createSnapshots(instance, groupId, requests, volumeIds);
  }

  private List<Snapshot> createSnapshots(String instance, String groupId, List<SnapshotRequest> requests, List<String> volumeIds) {
    List<Volume> attached = Ec2Calls.call("DescribeVolumes", "volume", instance, () -> ec2.describeVolumes(b -> b.filters(
        f -> f.name("attachment.instance-id").values(instance)))).volumes();
    List<String> exclude = new ArrayList<>();
    for (Volume v : attached) {
      if (!volumeIds.contains(v.volumeId())) {
        exclude.add(v.volumeId());
      }
    }
    Map<String, String> common = new LinkedHashMap<>();
    common.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    common.put(Labels.GROUP_ID, groupId);
    CreateSnapshotsResponse r = Ec2Calls.call("CreateSnapshots", "volume", instance, () -> ec2.createSnapshots(b -> b
        .instanceSpecification(s -> s.instanceId(instance).excludeBootVolume(false).excludeDataVolumeIds(exclude))
        .description("snapfork group " + groupId)
        .tagSpecifications(Mapping.spec(ResourceType.SNAPSHOT, Mapping.toTags(common, null)))));
    Map<String, String> byVolume = new HashMap<>();
    for (SnapshotInfo info : r.snapshots()) {
      snapshots.recent().record(info.snapshotId());
    }
    for (SnapshotInfo info : r.snapshots()) {
      if (volumeIds.contains(info.volumeId())) {
        byVolume.put(info.volumeId(), info.snapshotId());
      } else {
        LOG.info("deleting {} of unrequested boot volume {} made by CreateSnapshots", info.snapshotId(), info.volumeId());
        snapshots.delete(info.snapshotId());
      }
    }
    List<Snapshot> out = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      SnapshotRequest req = withGroup(requests.get(i), groupId);
      String snapId = byVolume.get(volumeIds.get(i));
      if (snapId == null) {
        throw new SnapshotException("CreateSnapshots returned no snapshot of " + volumeIds.get(i) + " attached to " + instance);
      }
      List<Tag> tags = SnapshotOps.createTags(req, SnapshotOps.nameOf(req));
      snapshots.recent().retryNotFound(snapId,
          () -> Ec2Calls.call("CreateTags", "snapshot", snapId, () -> ec2.createTags(b -> b.resources(snapId).tags(tags))));
      out.add(snapshots.get(snapId));
    }
    return out;
  }

  private List<Snapshot> perVolume(String groupId, List<SnapshotRequest> requests) {
    List<CompletableFuture<Snapshot>> cuts = new ArrayList<>();
    for (SnapshotRequest r : requests) {
      cuts.add(CompletableFuture.supplyAsync(() -> snapshots.create(withGroup(r, groupId))));
    }
    List<Snapshot> out = new ArrayList<>();
    SnapshotException failure = null;
    for (CompletableFuture<Snapshot> f : cuts) {
      try {
        Snapshot s = f.join();
        Map<String, String> attrs = new LinkedHashMap<>(s.attributes());
        attrs.put("ebs.group-mode", "per-volume");
        out.add(new Snapshot(s.id(), s.name(), s.source(), s.state(), s.cutAt(), s.sizeBytes(), s.labels(), attrs, s.failureMessage()));
      } catch (CompletionException e) {
        failure = e.getCause() instanceof SnapshotException se ? se : new SnapshotException("group cut failed", e.getCause());
      }
    }
    if (failure != null) {
      for (Snapshot s : out) {
        snapshots.delete(s.id());
      }
      throw failure;
    }
    return out;
  }

  private List<Snapshot> inRequestOrder(List<Snapshot> found, List<String> volumeIds, String groupId) {
    List<Snapshot> out = new ArrayList<>();
    for (String v : volumeIds) {
      Snapshot s = found.stream().filter(x -> x.source().id().equals(v)).findFirst()
          .orElseThrow(() -> new dev.snapfork.ConflictException("group " + groupId + " exists but has no snapshot of " + v, null, false));
      out.add(s);
    }
    return out;
  }

  private static String commonInstance(List<Volume> volumes) {
    Set<String> instances = new HashSet<>();
    for (Volume v : volumes) {
      if (!v.hasAttachments() || v.attachments().isEmpty()) {
        return null;
      }
      for (VolumeAttachment a : v.attachments()) {
        instances.add(a.instanceId());
      }
    }
    return instances.size() == 1 ? instances.iterator().next() : null;
  }

  private static SnapshotRequest withGroup(SnapshotRequest r, String groupId) {
    return r.labels().containsKey(Labels.GROUP_ID) ? r : r.toBuilder().label(Labels.GROUP_ID, groupId).build();
  }
}

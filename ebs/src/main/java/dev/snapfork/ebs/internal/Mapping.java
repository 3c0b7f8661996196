package dev.snapfork.ebs.internal;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Converts EC2 model objects to Snapfork values and labels to tags. */
public final class Mapping {
  /** Bytes in one GiB, the unit of EBS sizes. */
  public static final long GIB = 1L << 30;

  private Mapping() {}

  /** An EC2 snapshot as a Snapfork snapshot. */
  public static Snapshot snapshot(software.amazon.awssdk.services.ec2.model.Snapshot s) {
    Map<String, String> tags = tags(s.tags());
    String name = tags.remove(EbsRules.NAME_TAG);
    Map<String, String> attributes = new LinkedHashMap<>();
    put(attributes, "ebs.state", s.stateAsString());
    put(attributes, "ebs.progress", s.progress());
    put(attributes, "ebs.owner-id", s.ownerId());
    put(attributes, "ebs.description", s.description());
    put(attributes, "ebs.encrypted", s.encrypted() == null ? null : s.encrypted().toString());
    put(attributes, "ebs.kms-key-id", s.kmsKeyId());
    SnapshotState state = state(s.stateAsString());
    String volumeId = s.volumeId() == null || s.volumeId().isBlank() ? "vol-ffffffff" : s.volumeId();
    return new Snapshot(
        s.snapshotId(),
        name == null ? s.snapshotId() : name,
        VolumeRef.of(volumeId),
        state,
        s.startTime() == null ? Instant.EPOCH : s.startTime(),
        s.volumeSize() == null ? OptionalLong.empty() : OptionalLong.of(s.volumeSize() * GIB),
        tags,
        attributes,
        state == SnapshotState.FAILED
            ? Optional.of(s.stateMessage() == null || s.stateMessage().isBlank() ? "EBS reported state 'error'" : s.stateMessage())
            : Optional.empty());
  }

  /** An EC2 volume as a Snapfork volume. */
  public static Volume volume(software.amazon.awssdk.services.ec2.model.Volume v) {
    Map<String, String> tags = tags(v.tags());
    String name = tags.remove(EbsRules.NAME_TAG);
    Map<String, String> attributes = new LinkedHashMap<>();
    put(attributes, "ebs.state", v.stateAsString());
    put(attributes, "ebs.availability-zone", v.availabilityZone());
    put(attributes, "ebs.volume-type", v.volumeTypeAsString());
    put(attributes, "ebs.iops", v.iops() == null ? null : v.iops().toString());
    put(attributes, "ebs.throughput", v.throughput() == null ? null : v.throughput().toString());
    put(attributes, "ebs.encrypted", v.encrypted() == null ? null : v.encrypted().toString());
    put(attributes, "ebs.kms-key-id", v.kmsKeyId());
    if (v.hasAttachments() && !v.attachments().isEmpty()) {
      put(attributes, "ebs.attached-to", v.attachments().get(0).instanceId());
    }
    String snapshotId = v.snapshotId() == null || v.snapshotId().isBlank() ? null : v.snapshotId();
    return new Volume(
        VolumeRef.of(v.volumeId()),
        name == null ? v.volumeId() : name,
        Optional.ofNullable(snapshotId),
        v.size() == null ? OptionalLong.empty() : OptionalLong.of(v.size() * GIB),
        Optional.ofNullable(v.createTime()),
        tags,
        attributes);
  }

  /** EBS snapshot state names to Snapfork states. */
  public static SnapshotState state(String ebsState) {
    if (ebsState == null) {
      return SnapshotState.PENDING;
    }
    switch (ebsState) {
      case "completed":
        return SnapshotState.READY;
      case "error":
        return SnapshotState.FAILED;
      default:
        return SnapshotState.PENDING;
    }
  }

  /** Tags as a mutable label map. */
  public static Map<String, String> tags(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags != null) {
      for (Tag t : tags) {
        out.put(t.key(), t.value() == null ? "" : t.value());
      }
    }
    return out;
  }

  /** Labels (and the name, when given) as EC2 tags. */
  public static List<Tag> toTags(Map<String, String> labels, String name) {
    List<Tag> out = new ArrayList<>();
    if (name != null) {
      out.add(Tag.builder().key(EbsRules.NAME_TAG).value(name).build());
    }
    labels.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }

  /** A TagSpecification for a resource type. */
  public static TagSpecification spec(ResourceType type, List<Tag> tags) {
    return TagSpecification.builder().resourceType(type).tags(tags).build();
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(k, v);
    }
  }
}

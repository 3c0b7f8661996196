package dev.snapfork.ebs;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * What to upload as a new EBS snapshot: a file or block device, with an optional parent snapshot
 * for an incremental upload. Without a parent, all-zero blocks are skipped. With a parent, only
 * changed blocks are sent: those set in {@link Builder#changedBlocks}, or those differing from a
 * local copy of the parent ({@link Builder#parentContent}); with neither, every block is sent.
 * Immutable; build with {@link #builder(Path)}.
 */
public final class UploadRequest {
  private final Path source;
  private final Integer volumeSizeGib;
  private final String parentSnapshotId;
  private final Path parentContent;
  private final BitSet changedBlocks;
  private final Map<String, String> labels;
  private final String name;
  private final String requestId;
  private final String description;
  private final int timeoutMinutes;
  private final TransferProgress progress;

  private UploadRequest(Builder b) {
    if (b.source == null) {
      throw new InvalidRequestException("source", "is required");
    }
    if (b.volumeSizeGib != null && (b.volumeSizeGib < 1 || b.volumeSizeGib > 65536)) {
      throw new InvalidRequestException("volumeSizeGib", "must be between 1 and 65536, got " + b.volumeSizeGib);
    }
    if ((b.parentContent != null || b.changedBlocks != null) && b.parentSnapshotId == null) {
      throw new InvalidRequestException(b.parentContent != null ? "parentContent" : "changedBlocks",
          "needs parentSnapshotId: unchanged blocks are taken from the parent");
    }
    if (b.timeoutMinutes < 10 || b.timeoutMinutes > 4320) {
      throw new InvalidRequestException("timeoutMinutes", "must be between 10 and 4320, got " + b.timeoutMinutes);
    }
    this.source = b.source;
    this.volumeSizeGib = b.volumeSizeGib;
    this.parentSnapshotId = b.parentSnapshotId;
    this.parentContent = b.parentContent;
    this.changedBlocks = b.changedBlocks == null ? null : (BitSet) b.changedBlocks.clone();
    this.labels = Labels.validated("labels", b.labels);
    this.name = b.name;
    this.requestId = b.requestId == null ? UUID.randomUUID().toString() : b.requestId;
    this.description = b.description;
    this.timeoutMinutes = b.timeoutMinutes;
    this.progress = b.progress;
  }

  /** Starts a request to upload {@code source}. */
  public static Builder builder(Path source) {
    return new Builder().source(source);
  }

  public Path source() {
    return source;
  }

  /** The snapshot's volume size; empty means the source's size rounded up to whole GiB. */
  public OptionalInt volumeSizeGib() {
    return volumeSizeGib == null ? OptionalInt.empty() : OptionalInt.of(volumeSizeGib);
  }

  public Optional<String> parentSnapshotId() {
    return Optional.ofNullable(parentSnapshotId);
  }

  public Optional<Path> parentContent() {
    return Optional.ofNullable(parentContent);
  }

  /** A copy of the changed-block set, if given. */
  public Optional<BitSet> changedBlocks() {
    return changedBlocks == null ? Optional.empty() : Optional.of((BitSet) changedBlocks.clone());
  }

  /** User labels (without the ownership labels). */
  public Map<String, String> labels() {
    return labels;
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** Idempotency key, sent as StartSnapshot's ClientToken and tagged. */
  public String requestId() {
    return requestId;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** Minutes after which EBS fails a snapshot that was never completed (default 60). */
  public int timeoutMinutes() {
    return timeoutMinutes;
  }

  public TransferProgress progress() {
    return progress;
  }

  @Override
  public String toString() {
    return "UploadRequest{source=" + source + ", parent=" + parentSnapshotId + ", requestId=" + requestId + ", labels=" + labels + "}";
  }

  /** Builds an {@link UploadRequest}. */
  public static final class Builder {
    private Path source;
    private Integer volumeSizeGib;
    private String parentSnapshotId;
    private Path parentContent;
    private BitSet changedBlocks;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String name;
    private String requestId;
    private String description;
    private int timeoutMinutes = 60;
    private TransferProgress progress = TransferProgress.NONE;

    private Builder() {}

    public Builder source(Path source) {
      this.source = source;
      return this;
    }

    public Builder volumeSizeGib(int gib) {
      this.volumeSizeGib = gib;
      return this;
    }

    public Builder parentSnapshotId(String id) {
      this.parentSnapshotId = id;
      return this;
    }

    /** A local copy of the parent's content (e.g. its earlier download): only differing blocks are sent. */
    public Builder parentContent(Path file) {
      this.parentContent = file;
      return this;
    }

    /** The blocks changed since the parent (e.g. from change tracking): only these are sent. */
    public Builder changedBlocks(BitSet blocks) {
      this.changedBlocks = blocks == null ? null : (BitSet) blocks.clone();
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder labels(Map<String, String> more) {
      labels.putAll(more);
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder timeoutMinutes(int minutes) {
      this.timeoutMinutes = minutes;
      return this;
    }

    public Builder progress(TransferProgress progress) {
      this.progress = progress == null ? TransferProgress.NONE : progress;
      return this;
    }

    /** @throws InvalidRequestException naming the field and the rule */
    public UploadRequest build() {
      return new UploadRequest(this);
    }
  }
}

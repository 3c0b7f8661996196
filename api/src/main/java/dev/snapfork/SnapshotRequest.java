package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What to snapshot: the source volume, an optional name, labels and the request id that makes a
 * retried create idempotent. Immutable; build with {@link #builder(VolumeRef)}.
 *
 * <p>When no name is given the provider generates one. When no request id is given a random one
 * is generated at {@link Builder#build()}, so retrying the same {@code SnapshotRequest} object
 * finds the first attempt instead of creating a duplicate.
 */
public final class SnapshotRequest {
  private final VolumeRef source;
  private final String name;
  private final String requestId;
  private final Map<String, String> labels;
  private final String description;

  private SnapshotRequest(Builder b) {
    this.source = Checks.notNull("source", b.source);
    this.name = b.name == null ? null : Checks.name("name", b.name);
    this.requestId = b.requestId == null ? UUID.randomUUID().toString() : Checks.name("requestId", b.requestId);
    this.labels = Checks.labels("labels", b.labels);
    this.description = b.description;
  }

  /** Starts a request for a snapshot of {@code source}. */
  public static Builder builder(VolumeRef source) {
    return new Builder().source(source);
  }

  /** Shorthand for a request with defaults. */
  public static SnapshotRequest of(VolumeRef source) {
    return builder(source).build();
  }

  public VolumeRef source() {
    return source;
  }

  /** The requested name; empty when the provider is to generate one. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The request id recorded in {@link Labels#REQUEST_ID}; never null. */
  public String requestId() {
    return requestId;
  }

  /** User labels (without the ownership labels, which providers add). */
  public Map<String, String> labels() {
    return labels;
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * The labels to store: the user's labels plus {@link Labels#MANAGED_BY} and
   * {@link Labels#REQUEST_ID}.
   */
  public Map<String, String> effectiveLabels() {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    all.put(Labels.REQUEST_ID, requestId);
    return Map.copyOf(all);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder().source(source).requestId(requestId).labels(labels).description(description);
    b.name = name;
    return b;
  }

  @Override
  public String toString() {
    return "SnapshotRequest{source=" + source + ", name=" + name + ", requestId=" + requestId + ", labels=" + labels + "}";
  }

  /** Builds a {@link SnapshotRequest}; {@link #build()} validates. */
  public static final class Builder {
    private VolumeRef source;
    private String name;
    private String requestId;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String description;

    private Builder() {}

    public Builder source(VolumeRef source) {
      this.source = source;
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

    /** Adds one label. */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** Adds all labels. */
    public Builder labels(Map<String, String> more) {
      labels.putAll(more);
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** @throws InvalidRequestException naming the field and the rule when a value is invalid */
    public SnapshotRequest build() {
      return new SnapshotRequest(this);
    }
  }
}

package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What to clone: a ready snapshot into a new writable volume with a name, labels, an optional size
 * (at least the snapshot's) and backend-specific parameters. Immutable; build with
 * {@link #builder(String, String)}.
 *
 * <p>Parameters are keyed as the backend documents them (e.g. {@code storageClass} for CSI,
 * {@code availabilityZone} for EBS); a backend rejects keys it does not know with an
 * {@link InvalidRequestException}.
 */
public final class CloneRequest {
  private final String snapshotId;
  private final String targetName;
  private final String requestId;
  private final Map<String, String> labels;
  private final Long sizeBytes;
  private final Map<String, String> parameters;

  private CloneRequest(Builder b) {
    this.snapshotId = Checks.notBlank("snapshotId", b.snapshotId);
    this.targetName = Checks.targetName("targetName", b.targetName);
    this.requestId = b.requestId == null ? UUID.randomUUID().toString() : Checks.name("requestId", b.requestId);
    this.labels = Checks.labels("labels", b.labels);
    if (b.sizeBytes != null) {
      if (b.sizeBytes <= 0) {
        throw new InvalidRequestException("sizeBytes", "must be positive, got " + b.sizeBytes);
      }
    }
    this.sizeBytes = b.sizeBytes;
    for (Map.Entry<String, String> e : b.parameters.entrySet()) {
      Checks.notBlank("parameters", e.getKey());
      Checks.notNull("parameters[" + e.getKey() + "]", e.getValue());
    }
    this.parameters = Map.copyOf(b.parameters);
  }

  /** Starts a request to clone {@code snapshotId} into a new volume named {@code targetName}. */
  public static Builder builder(String snapshotId, String targetName) {
    return new Builder().snapshotId(snapshotId).targetName(targetName);
  }

  public String snapshotId() {
    return snapshotId;
  }

  public String targetName() {
    return targetName;
  }

  /** Idempotency key; a retried clone with the same id finds the earlier volume. */
  public String requestId() {
    return requestId;
  }

  /** User labels (without the ownership labels). */
  public Map<String, String> labels() {
    return labels;
  }

  /** The labels to store: the user's plus the ownership and request-id labels. */
  public Map<String, String> effectiveLabels() {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    all.put(Labels.REQUEST_ID, requestId);
    return Map.copyOf(all);
  }

  /** Requested size; empty means the snapshot's size. */
  public OptionalLong sizeBytes() {
    return sizeBytes == null ? OptionalLong.empty() : OptionalLong.of(sizeBytes);
  }

  /** Backend-specific parameters. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** A parameter by key. */
  public Optional<String> parameter(String key) {
    return Optional.ofNullable(parameters.get(key));
  }

  @Override
  public String toString() {
    return "CloneRequest{snapshotId=" + snapshotId + ", targetName=" + targetName + ", requestId=" + requestId
        + ", labels=" + labels + ", sizeBytes=" + sizeBytes + ", parameters=" + parameters.keySet() + "}";
  }

  /** Builds a {@link CloneRequest}; {@link #build()} validates. */
  public static final class Builder {
    private String snapshotId;
    private String targetName;
    private String requestId;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Long sizeBytes;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Builder() {}

    public Builder snapshotId(String snapshotId) {
      this.snapshotId = snapshotId;
      return this;
    }

    public Builder targetName(String targetName) {
      this.targetName = targetName;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
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

    public Builder sizeBytes(long sizeBytes) {
      this.sizeBytes = sizeBytes;
      return this;
    }

    public Builder parameter(String key, String value) {
      parameters.put(key, value);
      return this;
    }

    /** @throws InvalidRequestException naming the field and the rule when a value is invalid */
    public CloneRequest build() {
      return new CloneRequest(this);
    }
  }
}

package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A fork: a consistent snapshot of {@code source} (with the Snapshotter's hooks), cloned into a
 * new writable volume {@code targetName}. Both carry the ownership label, the request id and, when
 * given, an expiry after which {@link Snapshotter#cleanup} removes them. Immutable; build with
 * {@link #builder(VolumeRef, String)}.
 */
public final class ForkRequest {
  private final VolumeRef source;
  private final String targetName;
  private final String requestId;
  private final Map<String, String> labels;
  private final Duration expiresAfter;
  private final Map<String, String> cloneParameters;
  private final SnapshotOptions options;

  private ForkRequest(Builder b) {
    this.source = Checks.notNull("source", b.source);
    this.targetName = Checks.targetName("targetName", b.targetName);
    this.requestId = b.requestId == null ? UUID.randomUUID().toString() : Checks.name("requestId", b.requestId);
    this.labels = Checks.labels("labels", b.labels);
    this.expiresAfter = b.expiresAfter == null ? null : Checks.positive("expiresAfter", b.expiresAfter);
    this.cloneParameters = Map.copyOf(b.cloneParameters);
    this.options = b.options == null ? SnapshotOptions.DEFAULTS : b.options;
  }

  /** Starts a fork of {@code source} into a new volume named {@code targetName}. */
  public static Builder builder(VolumeRef source, String targetName) {
    return new Builder(source, targetName);
  }

  public VolumeRef source() {
    return source;
  }

  public String targetName() {
    return targetName;
  }

  /** Shared by the snapshot and the clone; a retried fork finds both earlier objects. */
  public String requestId() {
    return requestId;
  }

  /** User labels for both the snapshot and the clone. */
  public Map<String, String> labels() {
    return labels;
  }

  /** How long after the fork the objects may be cleaned up; empty means no expiry. */
  public Optional<Duration> expiresAfter() {
    return Optional.ofNullable(expiresAfter);
  }

  /** Backend-specific clone parameters (see {@link CloneRequest#parameters()}). */
  public Map<String, String> cloneParameters() {
    return cloneParameters;
  }

  /** Options for the snapshot part (the fork always waits for readiness before cloning). */
  public SnapshotOptions options() {
    return options;
  }

  /** The labels for the snapshot and clone, with the expiry computed from {@code now}. */
  public Map<String, String> labelsAt(Instant now) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    if (expiresAfter != null) {
      all.put(Labels.EXPIRES_AT, Labels.expiryValue(now.plus(expiresAfter)));
    }
    return all;
  }

  @Override
  public String toString() {
    return "ForkRequest{source=" + source + ", targetName=" + targetName + ", requestId=" + requestId + ", expiresAfter=" + expiresAfter + "}";
  }

  /** Builds a {@link ForkRequest}; {@link #build()} validates. */
  public static final class Builder {
    private final VolumeRef source;
    private final String targetName;
    private String requestId;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Duration expiresAfter;
    private final Map<String, String> cloneParameters = new LinkedHashMap<>();
    private SnapshotOptions options;

    private Builder(VolumeRef source, String targetName) {
      this.source = source;
      this.targetName = targetName;
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

    /** Marks the snapshot and clone to expire this long after the fork. */
    public Builder expiresAfter(Duration expiresAfter) {
      this.expiresAfter = expiresAfter;
      return this;
    }

    public Builder cloneParameter(String key, String value) {
      cloneParameters.put(key, value);
      return this;
    }

    public Builder options(SnapshotOptions options) {
      this.options = options;
      return this;
    }

    /** @throws InvalidRequestException naming the field and the rule when a value is invalid */
    public ForkRequest build() {
      return new ForkRequest(this);
    }
  }
}

package dev.snapfork.testkit.internal;

import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One volume held by the in-memory provider. Mutable; guarded by the provider's lock. */
public final class StoredVolume {
  public final long seq;
  public final VolumeRef ref;
  public final String sourceSnapshotId;
  public final Instant createdAt;
  public final Map<String, String> labels;
  public byte[] content;

  public StoredVolume(long seq, VolumeRef ref, String sourceSnapshotId, Instant createdAt,
      Map<String, String> labels, byte[] content) {
    this.seq = seq;
    this.ref = ref;
    this.sourceSnapshotId = sourceSnapshotId;
    this.createdAt = createdAt;
    this.labels = Map.copyOf(labels);
    this.content = content;
  }

  /** Overwrites the start of the content, growing it when {@code data} is longer. */
  public void write(byte[] data) {
    if (data.length > content.length) {
      content = Arrays.copyOf(content, data.length);
    }
    System.arraycopy(data, 0, content, 0, data.length);
  }

  /** The public view. */
  public Volume view() {
    return new Volume(ref, ref.id(), Optional.ofNullable(sourceSnapshotId), OptionalLong.of(content.length),
        Optional.of(createdAt), labels, Map.of("memory.sequence", Long.toString(seq)));
  }
}

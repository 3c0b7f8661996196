package dev.snapfork.testkit.internal;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.VolumeRef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One snapshot held by the in-memory provider. Mutable; guarded by the provider's lock. */
public final class StoredSnapshot {
  public final long seq;
  public final String id;
  public final String name;
  public final VolumeRef source;
  public final Instant cutAt;
  public final Instant readyAt;
  public final byte[] content;
  public final Map<String, String> labels;
  public boolean held;
  /** Set when the snapshot ends FAILED; effective from {@link #failAt}. */
  public String failure;
  public Instant failAt;

  public StoredSnapshot(long seq, String id, String name, VolumeRef source, Instant cutAt, Instant readyAt,
      byte[] content, Map<String, String> labels) {
    this.seq = seq;
    this.id = id;
    this.name = name;
    this.source = source;
    this.cutAt = cutAt;
    this.readyAt = readyAt;
    this.content = content;
    this.labels = Map.copyOf(labels);
  }

  /** The state at {@code now}. */
  public SnapshotState state(Instant now) {
    if (failure != null && !now.isBefore(failAt)) {
      return SnapshotState.FAILED;
    }
    if (held || now.isBefore(readyAt)) {
      return SnapshotState.PENDING;
    }
    return failure == null ? SnapshotState.READY : SnapshotState.PENDING;
  }

  /** The public view at {@code now}. */
  public Snapshot view(Instant now) {
    SnapshotState state = state(now);
    return new Snapshot(id, name, source, state, cutAt, OptionalLong.of(content.length), labels,
        Map.of("memory.sequence", Long.toString(seq)),
        state == SnapshotState.FAILED ? Optional.of(failure) : Optional.empty());
  }
}

package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which snapshots to list: from one source volume, carrying all of some labels. Immutable.
 *
 * @param source only snapshots of this volume; empty for all
 * @param labels only snapshots carrying every one of these labels with these values
 */
public record SnapshotFilter(Optional<VolumeRef> source, Map<String, String> labels) {
  /** Matches every snapshot. */
  public static final SnapshotFilter ALL = new SnapshotFilter(Optional.empty(), Map.of());

  public SnapshotFilter {
    Checks.notNull("filter.source", source);
    labels = Checks.labels("filter.labels", labels);
  }

  /** Snapshots of {@code volume}. */
  public static SnapshotFilter ofSource(VolumeRef volume) {
    return new SnapshotFilter(Optional.of(Checks.notNull("filter.source", volume)), Map.of());
  }

  /** Only managed snapshots (those Snapfork created). */
  public static SnapshotFilter managed() {
    return ALL.withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  /** This filter plus one more required label. */
  public SnapshotFilter withLabel(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(key, value);
    return new SnapshotFilter(source, more);
  }

  /** This filter restricted to snapshots of {@code volume}. */
  public SnapshotFilter withSource(VolumeRef volume) {
    return new SnapshotFilter(Optional.of(Checks.notNull("filter.source", volume)), labels);
  }

  /** Whether {@code snapshot} passes this filter (for providers that filter client-side). */
  public boolean matches(Snapshot snapshot) {
    if (source.isPresent() && !source.get().equals(snapshot.source())) {
      return false;
    }
    return LabelMatch.all(labels, snapshot.labels());
  }
}

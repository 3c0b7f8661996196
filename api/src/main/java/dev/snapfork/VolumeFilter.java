package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which volumes to list: those carrying all of some labels. Immutable.
 *
 * @param labels only volumes carrying every one of these labels with these values
 */
public record VolumeFilter(Map<String, String> labels) {
  /** Matches every volume. */
  public static final VolumeFilter ALL = new VolumeFilter(Map.of());

  public VolumeFilter {
    labels = Checks.labels("filter.labels", labels);
  }

  /** Only managed volumes (those Snapfork created). */
  public static VolumeFilter managed() {
    return ALL.withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  /** This filter plus one more required label. */
  public VolumeFilter withLabel(String key, String value) {
    Map<String, String> more = new LinkedHashMap<>(labels);
    more.put(key, value);
    return new VolumeFilter(more);
  }

  /** Whether {@code volume} passes this filter. */
  public boolean matches(Volume volume) {
    return LabelMatch.all(labels, volume.labels());
  }
}

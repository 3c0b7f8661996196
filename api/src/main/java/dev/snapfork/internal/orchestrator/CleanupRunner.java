package dev.snapfork.internal.orchestrator;

import dev.snapfork.Capability;
import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Deletes expired managed objects: volumes first (clones may depend on their snapshots), then
 * snapshots. Objects without the ownership label are never selected, whatever the backend's
 * label filter returned.
 */
public final class CleanupRunner {
  private final SnapshotProvider provider;
  private final Clock clock;

  public CleanupRunner(SnapshotProvider provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
  }

  public CleanupReport run(CleanupRequest request) {
    Instant now = request.now().orElseGet(clock::instant);
    List<CleanupReport.Item> items = new ArrayList<>();
    if (provider.supports(Capability.VOLUME_MANAGEMENT)) {
      List<Volume> volumes;
      try (Stream<Volume> all = provider.streamVolumes(VolumeFilter.managed())) {
        volumes = all.filter(v -> selected(v.labels(), request, now)).toList();
      }
      for (Volume v : volumes) {
        items.add(handle("volume", v.ref().id(), v.labels(), request.dryRun(), () -> provider.deleteVolume(v.ref(), false)));
      }
    }
    List<Snapshot> snapshots;
    try (Stream<Snapshot> all = provider.stream(SnapshotFilter.managed())) {
      snapshots = all.filter(snap -> selected(snap.labels(), request, now)).toList();
    }
    for (Snapshot snap : snapshots) {
      items.add(handle("snapshot", snap.id(), snap.labels(), request.dryRun(), () -> provider.delete(snap.id())));
    }
    return new CleanupReport(request.dryRun(), items);
  }

  private static boolean selected(Map<String, String> labels, CleanupRequest request, Instant now) {
    if (!Labels.isManaged(labels)) {
      return false;
    }
    if (request.includeUnexpired()) {
      return true;
    }
    Optional<Instant> expiry = Labels.expiresAt(labels);
    return expiry.isPresent() && !expiry.get().isAfter(now);
  }

  private static CleanupReport.Item handle(String kind, String id, Map<String, String> labels, boolean dryRun,
      java.util.function.BooleanSupplier delete) {
    Optional<Instant> expiry = Labels.expiresAt(labels);
    if (dryRun) {
      return new CleanupReport.Item(kind, id, expiry, CleanupReport.Outcome.WOULD_DELETE, Optional.empty());
    }
    try {
      boolean deleted = delete.getAsBoolean();
      return new CleanupReport.Item(kind, id, expiry, deleted ? CleanupReport.Outcome.DELETED : CleanupReport.Outcome.ALREADY_GONE, Optional.empty());
    } catch (RuntimeException e) {
      return new CleanupReport.Item(kind, id, expiry, CleanupReport.Outcome.FAILED, Optional.of(String.valueOf(e.getMessage())));
    }
  }
}

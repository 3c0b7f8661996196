package dev.snapfork.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What hooks know only after release (PostgreSQL's backup label) reaches the result. */
class ReleaseMetadataTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final ScriptedProvider provider = new ScriptedProvider(log);

  /** A hook whose metadata exists only once released, as pg_backup_stop's label does. */
  private static ConsistencyHook labelledAtRelease(String name, Map<String, String> metadata) {
    return new ConsistencyHook() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public QuiesceHandle quiesce(QuiesceContext context) {
        return new QuiesceHandle() {
          private boolean released;

          @Override
          public void release() {
            released = true;
          }

          @Override
          public Map<String, String> releaseMetadata() {
            return released ? metadata : Map.of();
          }
        };
      }
    };
  }

  @Test
  void metadataReportedAfterReleaseIsOnTheSnapshotResult() {
    try (Snapshotter s = Snapshotter.builder(provider)
        .hook(labelledAtRelease("a", Map.of("x/label", "START WAL LOCATION: 0/2000028\n")))
        .hook(labelledAtRelease("b", Map.of("y/other", "2")))
        .build()) {
      SnapshotResult r = s.snapshot(SnapshotRequest.of(VolumeRef.of("db")));
      assertThat(r.releaseMetadata()).containsOnly(Map.entry("x/label", "START WAL LOCATION: 0/2000028\n"), Map.entry("y/other", "2"));
    }
  }

  @Test
  void forksCarryTheMetadataToTheStagingStep() {
    try (Snapshotter s = Snapshotter.builder(provider).hook(labelledAtRelease("a", Map.of("x/label", "L"))).build()) {
      ForkResult f = s.fork(ForkRequest.builder(VolumeRef.of("db"), "clone").build());
      assertThat(f.snapshot().releaseMetadata()).containsEntry("x/label", "L");
    }
  }

  @Test
  void withoutReportingHooksTheMetadataIsEmptyNeverNull() {
    try (Snapshotter s = Snapshotter.builder(provider).hook(new ScriptedHook("app", log)).build()) {
      assertThat(s.snapshot(SnapshotRequest.of(VolumeRef.of("db"))).releaseMetadata()).isNotNull().isEmpty();
    }
    SnapshotResult legacy = new SnapshotResult("r", List.of(), dev.snapfork.Consistency.CRASH, java.time.Duration.ZERO,
        java.time.Duration.ZERO, List.of(), List.of());
    assertThat(legacy.releaseMetadata()).isEmpty();
  }
}

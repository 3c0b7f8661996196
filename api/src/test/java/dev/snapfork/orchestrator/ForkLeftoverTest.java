package dev.snapfork.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.ForkRequest;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotState;
import dev.snapfork.Snapshotter;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * issue 15: which earlier {@code <target>-src} snapshot a fork replaces, and that it does so
 * before anything quiesces. (The crash itself is in the local provider's KilledRequestTest,
 * with a real killed process.)
 */
class ForkLeftoverTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final ScriptedProvider provider = new ScriptedProvider(log);
  private final ScriptedHook hook = new ScriptedHook("app", log);

  private void earlierSnapshot(Map<String, String> labels) {
    provider.snapshots.put("staging-src", new Snapshot("staging-src", "staging-src", VolumeRef.of("prod"),
        SnapshotState.READY, Instant.now(), OptionalLong.of(1), labels, Map.of(), Optional.empty()));
  }

  private static Map<String, String> forkSource(String requestId) {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.REQUEST_ID, requestId,
        Labels.ROLE, Labels.ROLE_FORK_SOURCE);
  }

  private void fork(String requestId) {
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).build()) {
      s.fork(ForkRequest.builder(VolumeRef.of("prod"), "staging").requestId(requestId).build());
    } catch (RuntimeException ignored) {
      // the scripted provider has no name uniqueness; what matters is what was deleted, and when
    }
  }

  @Test
  void leftoverOfAnInterruptedForkIsDeletedBeforeTheFreeze() {
    earlierSnapshot(forkSource("req-1"));
    fork("req-2");
    assertThat(log).contains("delete:staging-src");
    assertThat(log.indexOf("delete:staging-src")).isLessThan(log.indexOf("quiesce:app"));
    assertThat(provider.snapshots.get("staging-src").labels()).containsEntry(Labels.REQUEST_ID, "req-2")
        .containsEntry(Labels.ROLE, Labels.ROLE_FORK_SOURCE);
  }

  @Test
  void earlierForkWhoseCloneExistsIsLeftAlone() {
    earlierSnapshot(forkSource("req-1"));
    provider.volumes.put("staging", new Volume(VolumeRef.of("staging"), "staging", Optional.of("staging-src"),
        OptionalLong.empty(), Optional.empty(), forkSource("req-1"), Map.of()));
    fork("req-2");
    assertThat(log).doesNotContain("delete:staging-src");
  }

  @Test
  void snapshotsThatAreNotAForksSourceAreLeftAlone() {
    earlierSnapshot(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.REQUEST_ID, "req-1")); // no role
    fork("req-2");
    assertThat(log).doesNotContain("delete:staging-src");
  }

  @Test
  void sameRequestIdIsARetryNotALeftover() {
    earlierSnapshot(forkSource("req-1"));
    fork("req-1");
    assertThat(log).doesNotContain("delete:staging-src");
  }
}

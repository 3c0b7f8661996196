package dev.snapfork.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.CleanupReport;
import dev.snapfork.CleanupRequest;
import dev.snapfork.CloneRequest;
import dev.snapfork.Consistency;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.Phase;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotEvent;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.Snapshotter;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.ConfigView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnapshotterTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final ScriptedProvider provider = new ScriptedProvider(log);
  private final ScriptedHook hook = new ScriptedHook("app", log);

  @Test
  void releasesRightAfterTheCutAndBeforeReadiness() {
    provider.stateAtCut = dev.snapfork.SnapshotState.PENDING;
    List<SnapshotEvent> events = new CopyOnWriteArrayList<>();
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).listener(events::add).build()) {
      SnapshotResult r = s.snapshot(SnapshotRequest.of(VolumeRef.of("db")));
      assertThat(r.snapshot().state()).isEqualTo(dev.snapfork.SnapshotState.PENDING);
      assertThat(r.consistency()).isEqualTo(Consistency.APPLICATION);
      assertThat(r.hooks()).containsExactly("app");
      assertThat(log).containsExactly("quiesce:app", "quiesced:app", "cut:db", "cut-done:db", "release:app");
      assertThat(r.freezeWindow()).isPositive();
      assertThat(r.snapshot().labels()).containsEntry(Labels.HOOKS, "app").containsEntry(Labels.MANAGED_BY, "snapfork");
      assertThat(events).extracting(SnapshotEvent::phase).containsExactly(Phase.QUIESCE, Phase.CUT, Phase.RELEASE, Phase.FREEZE);
      assertThat(r.events()).hasSize(4);
    }
  }

  @Test
  void withoutHooksTheSnapshotIsCrashConsistentWithNoFreeze() {
    try (Snapshotter s = Snapshotter.builder(provider).build()) {
      SnapshotResult r = s.snapshot(SnapshotRequest.of(VolumeRef.of("db")));
      assertThat(r.consistency()).isEqualTo(Consistency.CRASH);
      assertThat(r.freezeWindow()).isZero();
      assertThat(r.hooks()).isEmpty();
    }
  }

  @Test
  void aThrowingListenerDoesNotChangeTheOutcome() {
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).listener(e -> {
      throw new IllegalStateException("listener bug");
    }).build()) {
      assertThat(s.snapshot(SnapshotRequest.of(VolumeRef.of("db"))).snapshots()).hasSize(1);
      assertThat(hook.released).hasValue(1);
    }
  }

  @Test
  void groupsUseTheNativeGroupOperationWhenDeclared() {
    NativeGroupProvider p = new NativeGroupProvider();
    try (Snapshotter s = Snapshotter.builder(p).hook(hook).build()) {
      SnapshotResult r = s.snapshotGroup(List.of(SnapshotRequest.of(VolumeRef.of("a")), SnapshotRequest.of(VolumeRef.of("b"))));
      assertThat(p.groupCalls).isEqualTo(1);
      assertThat(p.creates).hasValue(0);
      assertThat(r.snapshots()).extracting(sn -> sn.labels().get(Labels.GROUP_ID)).containsOnly(r.requestId());
    }
  }

  @Test
  void groupRejectsBadInputBeforeAnyHookOrCut() {
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).build()) {
      SnapshotRequest a = SnapshotRequest.of(VolumeRef.of("a"));
      assertThatThrownBy(() -> s.snapshotGroup(List.of())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("requests");
      assertThatThrownBy(() -> s.snapshotGroup(List.of(a, SnapshotRequest.of(VolumeRef.of("a")))))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("requests[1].source");
      assertThat(hook.quiesced).hasValue(0);
      assertThat(provider.creates).hasValue(0);
    }
  }

  @Test
  void forkLabelsSnapshotAndCloneWithRequestIdAndExpiry() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
      ForkResult r = s.fork(ForkRequest.builder(VolumeRef.of("prod"), "staging").requestId("req-1")
          .expiresAfter(Duration.ofHours(2)).label("team", "qa").build());
      Volume v = r.volume();
      Snapshot snap = r.snapshot().snapshot();
      for (Map<String, String> labels : List.of(v.labels(), snap.labels())) {
        assertThat(labels).containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).containsEntry(Labels.REQUEST_ID, "req-1")
            .containsEntry(Labels.EXPIRES_AT, "20260101T020000Z").containsEntry("team", "qa");
      }
      assertThat(v.sourceSnapshotId()).contains(snap.id());
      assertThat(r.events()).extracting(SnapshotEvent::phase).contains(Phase.FREEZE, Phase.READY, Phase.CLONE);
      assertThat(log.indexOf("release:app")).isLessThan(log.size());
    }
  }

  @Test
  void failedCloneDeletesTheForksSnapshot() {
    provider.failClone = true;
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).build()) {
      assertThatThrownBy(() -> s.fork(ForkRequest.builder(VolumeRef.of("prod"), "staging").build()))
          .isInstanceOf(SnapshotException.class).hasMessageContaining("clone refused");
      assertThat(provider.snapshots).isEmpty();
      assertThat(provider.volumes).isEmpty();
      assertThat(hook.released).hasValue(1);
    }
  }

  @Test
  void cleanupDeletesExpiredManagedObjectsOnlyAndVolumesFirst() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    try (Snapshotter s = Snapshotter.builder(provider).clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
      s.fork(ForkRequest.builder(VolumeRef.of("prod"), "expired").expiresAfter(Duration.ofMinutes(1)).build());
      s.fork(ForkRequest.builder(VolumeRef.of("prod"), "fresh").expiresAfter(Duration.ofDays(1)).build());
      s.fork(ForkRequest.builder(VolumeRef.of("prod"), "forever").build());
      // An unmanaged volume and snapshot that even carry an old expiry label: never touched.
      provider.volumes.put("users", new Volume(VolumeRef.of("users"), "users", Optional.empty(), OptionalLong.empty(),
          Optional.empty(), Map.of(Labels.EXPIRES_AT, "2000-01-01T00:00:00Z"), Map.of()));
      provider.snapshots.put("theirs", new Snapshot("theirs", "theirs", VolumeRef.of("prod"), dev.snapfork.SnapshotState.READY, now,
          OptionalLong.empty(), Map.of(Labels.EXPIRES_AT, "2000-01-01T00:00:00Z"), Map.of(), Optional.empty()));
      log.clear();

      Instant later = now.plus(Duration.ofHours(1));
      CleanupReport dry = s.cleanup(CleanupRequest.EXPIRED.at(later).asDryRun());
      assertThat(dry.items()).extracting(CleanupReport.Item::id).containsExactly("expired", "expired-src");
      assertThat(dry.with(CleanupReport.Outcome.WOULD_DELETE)).hasSize(2);
      assertThat(log).isEmpty();
      assertThat(provider.volumes).containsKeys("expired", "fresh", "forever", "users");

      CleanupReport real = s.cleanup(CleanupRequest.EXPIRED.at(later));
      assertThat(real.with(CleanupReport.Outcome.DELETED)).hasSize(2);
      assertThat(log).containsExactly("delete-volume:expired", "delete:expired-src");
      assertThat(provider.volumes).containsOnlyKeys("fresh", "forever", "users");

      CleanupReport all = s.cleanup(CleanupRequest.EXPIRED.at(later).includingUnexpired());
      assertThat(all.succeeded()).isTrue();
      assertThat(provider.volumes).containsOnlyKeys("users");
      assertThat(provider.snapshots).containsOnlyKeys("theirs");
    }
  }

  @Test
  void configureReadsTheOrchestratorKeysAndNamesBadOnes() {
    ConfigView core = ConfigView.of("snapfork.", Map.of("max-freeze", "abc"));
    assertThatThrownBy(() -> Snapshotter.builder(provider).configure(core))
        .isInstanceOf(dev.snapfork.ConfigurationException.class).hasMessageContaining("snapfork.max-freeze");
    ConfigView good = ConfigView.of("snapfork.", Map.of("max-freeze", "1ms", "keep-crash-consistent", "true"));
    provider.defaultCut = ScriptedProvider.Cut.HANG_THEN_OK;
    provider.hangMillis = 200;
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook).configure(good).build()) {
      // max-freeze 1 ms lifts the freeze during the 200 ms cut; keep-crash-consistent keeps the snapshot.
      assertThat(s.snapshot(SnapshotRequest.of(VolumeRef.of("db"))).consistency()).isEqualTo(Consistency.CRASH);
    }
  }

  @Test
  void builderRejectsZeroDurations() {
    assertThatThrownBy(() -> Snapshotter.builder(provider).maxFreeze(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("maxFreeze");
  }

  /** A provider declaring a native group cut. */
  private static final class NativeGroupProvider extends ForwardingProvider {
    int groupCalls;

    NativeGroupProvider() {
      super(new ScriptedProvider());
    }

    @Override
    public java.util.Set<dev.snapfork.Capability> capabilities() {
      return java.util.EnumSet.of(dev.snapfork.Capability.NATIVE_GROUP);
    }

    @Override
    public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
      groupCalls++;
      return requests.stream().map(r -> new Snapshot(r.source().id() + "-g", "g", r.source(), dev.snapfork.SnapshotState.PENDING,
          Instant.now(), OptionalLong.empty(), r.effectiveLabels(), Map.of(), Optional.empty())).toList();
    }
  }

  /** Delegates to a scripted provider. */
  private static class ForwardingProvider implements dev.snapfork.SnapshotProvider {
    final ScriptedProvider delegate;
    final java.util.concurrent.atomic.AtomicInteger creates;

    ForwardingProvider(ScriptedProvider delegate) {
      this.delegate = delegate;
      this.creates = delegate.creates;
    }

    @Override public String name() { return delegate.name(); }
    @Override public java.util.Set<dev.snapfork.Capability> capabilities() { return delegate.capabilities(); }
    @Override public Snapshot create(SnapshotRequest request) { return delegate.create(request); }
    @Override public Snapshot get(String id) { return delegate.get(id); }
    @Override public dev.snapfork.Page<Snapshot> list(dev.snapfork.SnapshotFilter f, dev.snapfork.PageRequest p) { return delegate.list(f, p); }
    @Override public boolean delete(String id) { return delegate.delete(id); }
    @Override public Volume createVolume(CloneRequest r) { return delegate.createVolume(r); }
    @Override public Volume getVolume(VolumeRef v) { return delegate.getVolume(v); }
    @Override public void close() {}
  }
}

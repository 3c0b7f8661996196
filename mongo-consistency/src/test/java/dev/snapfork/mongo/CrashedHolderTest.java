package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.ReleaseFailedException;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.server.TestServer;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crashes by killing a real process: a child JVM ({@link LockHolderChild}) takes the fsync lock on
 * the test's server over loopback and writes its lock record, then is killed with
 * {@code destroyForcibly()} (kill -9) or kept running. The server keeps the lock count, not the
 * connection (shared/reference/mongodb-fsync.md: "a client that dies after locking leaves the
 * server locked until someone unlocks it"), as the fake does.
 */
class CrashedHolderTest {
  @TempDir Path ledger;
  @TempDir Path work;
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static QuiesceContext ctx(String id) {
    return new QuiesceContext(id, List.of(VolumeRef.of("data")), Duration.ofSeconds(10));
  }

  private MongoConsistencyHook hook(boolean join) {
    return MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).joinExistingLock(join).build());
  }

  @Test
  void aLockLeftByAKilledSnapforkProcessIsRecognisedAsSnapforksOwnAndNotJoined() throws Exception {
    long pid;
    try (ChildHolder child = ChildHolder.lock(server.uri(), ledger, "killed-req", work)) {
      pid = child.pid();
      child.kill();
    }
    assertThat(server.backend().lockCount()).as("the killed process left the server locked").isEqualTo(1);

    for (boolean join : new boolean[] {false, true}) {
      assertThatThrownBy(() -> hook(join).quiesce(ctx("next")))
          .as("join-existing-lock=%s", join)
          .isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("stale Snapfork lock").hasMessageContaining("not by someone else")
          .hasMessageContaining("request killed-req").hasMessageContaining("pid " + pid).hasMessageContaining("no longer running")
          .hasMessageContaining("snapfork mongo unlock")
          .hasMessageNotContaining("set join-existing-lock=true");
      assertThat(server.backend().lockCount()).as("nothing more was locked").isEqualTo(1);
    }

    // Through the Snapshotter, joining as the old message advised: refused before anything is cut.
    InMemorySnapshotProvider provider = InMemorySnapshotProvider.create();
    VolumeRef volume = provider.createSourceVolume("data");
    try (Snapshotter s = Snapshotter.builder(provider).hook(hook(true)).build()) {
      assertThatThrownBy(() -> s.snapshot(SnapshotRequest.of(volume))).isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("stale Snapfork lock");
    }
    assertThat(provider.list(dev.snapfork.SnapshotFilter.ALL, dev.snapfork.PageRequest.first()).items()).isEmpty();
    assertThat(server.backend().lockCount()).isEqualTo(1);

    // The way back the message gives: recovery unlocks the dead holder's lock, then locking works again.
    RecoveryResult r = hook(false).recover(false);
    assertThat(r.unlocksIssued()).isEqualTo(1);
    assertThat(r.remainingLockCount()).isZero();
    assertThat(r.snapforkLocks()).containsExactly("killed-req");
    QuiesceHandle h = hook(false).quiesce(ctx("after"));
    h.release();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void unlockWithoutForceRefusesAFreezeALiveProcessHoldsNamingIt() throws Exception {
    try (ChildHolder child = ChildHolder.lock(server.uri(), ledger, "live-req", work)) {
      MongoConsistencyHook hook = hook(false);
      assertThatThrownBy(() -> hook.recover(false)).isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("not unlocking").hasMessageContaining("request live-req")
          .hasMessageContaining("pid " + child.pid()).hasMessageContaining("running now").hasMessageContaining("--force");
      assertThat(server.backend().lockCount()).as("the live freeze was left alone").isEqualTo(1);
      assertThat(server.backend().unlockCommands()).isZero();

      // The holder unlocks its own freeze; its record goes with it.
      child.letGo();
      assertThat(server.backend().lockCount()).isZero();
      Fixtures.await("the child's record is removed", () -> hook.recover(false).snapforkLocks().isEmpty()
          && new dev.snapfork.mongo.internal.LockLedger(ledger).records(server.hostAndPort()).isEmpty());
    }
  }

  @Test
  void forcedUnlockReleasesALiveHoldersFreeze() throws Exception {
    try (ChildHolder child = ChildHolder.lock(server.uri(), ledger, "live-forced", work)) {
      RecoveryResult r = hook(false).recover(true);
      assertThat(r.unlocksIssued()).isEqualTo(1);
      assertThat(r.remainingLockCount()).isZero();
      assertThat(server.backend().lockCount()).isZero();
      child.letGo(); // its release finds the server unlocked and sends nothing more
      assertThat(server.backend().unlockCommands()).isEqualTo(1);
    }
  }

  @Test
  void recoveryUnlocksTheDeadHoldersLockButNotTheLiveOnes() throws Exception {
    try (ChildHolder live = ChildHolder.lock(server.uri(), ledger, "a-live", work);
        ChildHolder dead = ChildHolder.lock(server.uri(), ledger, "b-dead", work, true)) {
      // The second child finds the first one's live record: it may join only when told (join-existing-lock).
      dead.kill();
      assertThat(server.backend().lockCount()).isEqualTo(2);
      assertThatThrownBy(() -> hook(false).recover(false)).isInstanceOf(ConsistencyException.class)
          .hasMessageContaining("request a-live").hasMessageContaining("pid " + live.pid())
          .hasMessageContaining("Unlocked 1 stale lock").hasMessageContaining("b-dead");
      assertThat(server.backend().lockCount()).as("only the dead holder's lock was unlocked").isEqualTo(1);
      live.letGo();
      assertThat(server.backend().lockCount()).isZero();
    }
  }

  @Test
  void aJoinedReleaseThatLeavesTheServerLockedIsAFailureNotASuccess() throws Exception {
    InMemorySnapshotProvider provider = InMemorySnapshotProvider.create();
    VolumeRef volume = provider.createSourceVolume("data");
    try (ChildHolder child = ChildHolder.lock(server.uri(), ledger, "other-live", work);
        Snapshotter s = Snapshotter.builder(provider).hook(hook(true)).build()) {
      // Joining a live holder's lock is allowed when told; but after our unlock its lock still blocks writes.
      assertThatThrownBy(() -> s.snapshot(SnapshotRequest.of(volume))).isInstanceOf(ReleaseFailedException.class)
          .hasMessageContaining("still WRITE-LOCKED").hasMessageContaining("lock count 1")
          .hasMessageContaining("request other-live").hasMessageContaining("pid " + child.pid());
      assertThat(server.backend().lockCount()).as("only our own lock was unlocked").isEqualTo(1);
      child.letGo();
      assertThat(server.backend().lockCount()).isZero();
    }
  }

  @Test
  void aJoinedReleaseAfterTheOtherHolderWasKilledNamesItsStaleLockAndTheWayBack() throws Exception {
    MongoConsistencyHook hook = hook(true);
    long pid;
    QuiesceHandle ours;
    try (ChildHolder child = ChildHolder.lock(server.uri(), ledger, "dies-while-joined", work)) {
      ours = hook.quiesce(ctx("joined"));
      pid = child.pid();
      child.kill();
    }
    assertThat(server.backend().lockCount()).isEqualTo(2);
    assertThatThrownBy(ours::release).isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("still WRITE-LOCKED").hasMessageContaining("stale Snapfork lock")
        .hasMessageContaining("request dies-while-joined").hasMessageContaining("pid " + pid).hasMessageContaining("snapfork mongo unlock");
    assertThat(server.backend().lockCount()).isEqualTo(1);
    RecoveryResult r = hook.recover(false);
    assertThat(r.unlocksIssued()).isEqualTo(1);
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void aProcessThatKeepsRunningButGaveUpItsReleaseCanBeRecovered() {
    // This process is alive, but its release failed: its record is marked abandoned, so recovery
    // (here in the same process, as the error advises) unlocks it.
    QuiesceHandle h = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).releaseTimeout(Duration.ofMillis(200)).build())
        .quiesce(ctx("gave-up"));
    server.backend().fault("fsyncUnlock", dev.snapfork.mongo.server.FsyncBackend.Fault.TRANSIENT_ERROR, 1_000_000);
    assertThatThrownBy(h::release).isInstanceOf(ConsistencyException.class).hasMessageContaining("may still be WRITE-LOCKED");
    server.backend().clearFaults();
    MongoConsistencyHook other = hook(false); // a fresh ledger view, as another process would have
    RecoveryResult r = other.recover(false);
    assertThat(r.unlocksIssued()).isEqualTo(1);
    assertThat(server.backend().lockCount()).isZero();
  }
}

package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.server.FsyncBackend.Fault;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery (unlock only what Snapfork locked, or all when forced) and replica-set member choice. */
class RecoveryAndMembersTest {
  @TempDir Path ledger;
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

  private MongoConsistencyHook hook() {
    return MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).releaseTimeout(Duration.ofMillis(200)).build());
  }

  @Test
  void recoveryUnlocksOnlySnapforksLocksUnlessForced() {
    server.backend().lockByOther();
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).joinExistingLock(true)
        .releaseTimeout(Duration.ofMillis(200)).build());
    QuiesceHandle handle = hook.quiesce(ctx("stuck"));
    server.backend().fault("fsyncUnlock", Fault.TRANSIENT_ERROR, 1_000_000);
    assertThatThrownBy(handle::release).isInstanceOf(ConsistencyException.class).hasMessageContaining("WRITE-LOCKED");
    server.backend().clearFaults();
    assertThat(server.backend().lockCount()).isEqualTo(2);

    RecoveryResult r = hook.recover(false);
    assertThat(r.unlocksIssued()).isEqualTo(1);
    assertThat(r.remainingLockCount()).isEqualTo(1);
    assertThat(r.snapforkLocks()).containsExactly("stuck");
    assertThat(server.backend().lockCount()).as("someone else's lock is kept").isEqualTo(1);

    RecoveryResult again = hook.recover(false);
    assertThat(again.unlocksIssued()).isZero();
    assertThat(again.note()).contains("no Snapfork lock record");
    assertThat(server.backend().lockCount()).isEqualTo(1);

    RecoveryResult forced = hook.recover(true);
    assertThat(forced.unlocksIssued()).isEqualTo(1);
    assertThat(forced.remainingLockCount()).isZero();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void recoveryOnAnUnlockedServerDoesNothing() {
    RecoveryResult r = hook().recover(true);
    assertThat(r.lockedBefore()).isFalse();
    assertThat(r.unlocksIssued()).isZero();
    assertThat(server.backend().unlockCommands()).isZero();
  }

  @Test
  void hiddenPreferenceLocksTheHiddenMemberFromTheReplicaSetConfig() {
    String me = server.hostAndPort();
    server.backend().replicaSet(new Document("setName", "rs0").append("secondary", true).append("hidden", true).append("me", me),
        List.of(new Document("_id", 0).append("host", "127.0.0.1:1"), new Document("_id", 1).append("host", me).append("hidden", true)));
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).memberPreference(MemberPreference.HIDDEN)
        .build());
    QuiesceHandle h = hook.quiesce(ctx("hidden"));
    assertThat(h.snapshotLabels()).containsEntry("snapfork.dev/mongo-member", me.replace(':', '_'))
        .containsEntry("snapfork.dev/mongo-topology", "replica-member");
    assertThat(server.backend().lockCount()).isEqualTo(1);
    h.release();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void hiddenPreferenceWithoutHiddenMemberFailsWithoutLocking() {
    server.backend().replicaSet(new Document("setName", "rs0"), List.of(new Document("_id", 0).append("host", server.hostAndPort())));
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).memberPreference(MemberPreference.HIDDEN)
        .build());
    assertThatThrownBy(() -> hook.quiesce(ctx("none"))).isInstanceOf(ConsistencyException.class).hasMessageContaining("no hidden member");
    assertThat(server.backend().lockCount()).isZero();
  }
}

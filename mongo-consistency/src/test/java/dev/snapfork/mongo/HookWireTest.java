package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.server.FsyncBackend;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook against mongo-java-server with the fsync-aware backend, over the real wire protocol. */
class HookWireTest {
  @TempDir Path ledger;
  TestServer server;
  MongoClient app;
  final Fixtures.Recorder recorder = new Fixtures.Recorder();

  @BeforeEach
  void start() {
    server = new TestServer();
    app = Fixtures.appClient(server.uri());
  }

  @AfterEach
  void stop() {
    app.close();
    server.close();
  }

  private static QuiesceContext ctx(String id) {
    return new QuiesceContext(id, List.of(VolumeRef.of("data")), Duration.ofSeconds(10));
  }

  private MongoConsistencyHook hook(MongoHookSettings.Builder b) {
    return MongoConsistencyHook.create(b.build(), recorder);
  }

  @Test
  void locksHoldsWritesWithoutLosingThemAndUnlocks() throws Exception {
    MongoConsistencyHook hook = hook(Fixtures.settings(server.uri(), ledger));
    QuiesceHandle handle = hook.quiesce(ctx("r1"));
    assertThat(server.backend().lockCount()).isEqualTo(1);
    assertThat(handle.freezeLost()).isEmpty();

    CompletableFuture<Void> write = Fixtures.writeAsync(app, "during-freeze");
    Fixtures.awaitHeld(server.backend());
    assertThat(write).isNotDone();
    // Reads keep working under the lock, on another connection.
    assertThat(app.getDatabase("app").getCollection("c").countDocuments()).isZero();

    handle.release();
    write.get(10, TimeUnit.SECONDS);
    assertThat(server.backend().lockCount()).isZero();
    assertThat(Fixtures.stored(app, "during-freeze")).isTrue();
    assertThat(recorder.types()).containsExactly(MongoLockEvent.Type.ACQUIRED, MongoLockEvent.Type.HELD, MongoLockEvent.Type.UNLOCKED);
    assertThat(recorder.events.get(0).lockCount()).contains(1);
    assertThat(recorder.events.get(2).lockCount()).contains(0);
    assertThat(handle.snapshotLabels()).containsEntry("snapfork.dev/mongo-topology", "standalone");
  }

  @Test
  void usesItsOwnClientAndOnlyAdminCommandsNeverWrites() {
    QuiesceHandle handle = hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("own"));
    handle.freezeLost();
    handle.release();
    List<String> hookCommands = server.backend().commandsByApp().stream().filter(c -> c.startsWith("snapfork-mongo-hook:"))
        .map(c -> c.substring("snapfork-mongo-hook:".length())).toList();
    assertThat(hookCommands).contains("fsync", "fsyncunlock", "currentop")
        .allSatisfy(c -> assertThat(c).isIn("hello", "ismaster", "buildinfo", "currentop", "fsync", "fsyncunlock", "replsetgetconfig", "ping",
            "endsessions"));
  }

  @Test
  void releaseIsIdempotentAndNeverUnlocksTwice() {
    QuiesceHandle handle = hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("r2"));
    handle.release();
    handle.release();
    assertThat(server.backend().unlockCommands()).isEqualTo(1);
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void refusesWhenSomeoneElseHoldsTheLockAndNeverUnlocksIt() {
    server.backend().lockByOther();
    assertThatThrownBy(() -> hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("r3")))
        .isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("already write-locked by someone else")
        .hasMessageContaining("join-existing-lock");
    assertThat(server.backend().lockCount()).isEqualTo(1);
    assertThat(server.backend().unlockCommands()).isZero();
  }

  @Test
  void joinsAnExistingLockWhenToldAndUnlocksOnlyItsOwn() {
    server.backend().lockByOther();
    QuiesceHandle handle = hook(Fixtures.settings(server.uri(), ledger).joinExistingLock(true)).quiesce(ctx("r4"));
    assertThat(server.backend().lockCount()).isEqualTo(2);
    // Our unlock goes through, but the other holder's lock keeps writes blocked: not a success.
    assertThatThrownBy(handle::release).isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("still WRITE-LOCKED").hasMessageContaining("lock count 1").hasMessageContaining("not Snapfork's");
    assertThat(server.backend().lockCount()).as("only our own lock was unlocked").isEqualTo(1);
    assertThat(server.backend().unlockCommands()).isEqualTo(1);
    handle.release(); // released once: nothing more is sent
    assertThat(server.backend().unlockCommands()).isEqualTo(1);
    server.backend().unlockByOther();
    assertThat(recorder.types()).contains(MongoLockEvent.Type.UNLOCKED);
  }

  @Test
  void mongosOfASupportedVersionLocksTheClusterAndChecksEveryShard() {
    server.backend().mode(FsyncBackend.Mode.MONGOS).version("7.0.2");
    QuiesceHandle handle = hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("r5"));
    assertThat(server.backend().lockCount()).isEqualTo(1);
    assertThat(handle.freezeLost()).isEmpty();
    assertThat(handle.snapshotLabels()).containsEntry("snapfork.dev/mongo-topology", "mongos");
    handle.release();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void mongosTooOldIsAnUnsupportedTopologyNamingTheVersion() {
    server.backend().mode(FsyncBackend.Mode.MONGOS).version("6.0.10");
    assertThatThrownBy(() -> hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("r6")))
        .isInstanceOfSatisfying(UnsupportedTopologyException.class, e -> assertThat(e.serverVersion()).isEqualTo("6.0.10"))
        .hasMessageContaining("6.0.10").hasMessageContaining("7.1");
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void freezeLostWhenSomeoneElseUnlocked() {
    QuiesceHandle handle = hook(Fixtures.settings(server.uri(), ledger)).quiesce(ctx("r7"));
    server.backend().unlockByOther();
    assertThat(handle.freezeLost()).hasValueSatisfying(v -> assertThat(v).contains("no longer write-locked"));
    handle.release(); // the server says it is not locked: nothing more is unlocked
    assertThat(server.backend().lockCount()).isZero();
    assertThat(server.backend().unlockCommands()).isZero();
  }
}

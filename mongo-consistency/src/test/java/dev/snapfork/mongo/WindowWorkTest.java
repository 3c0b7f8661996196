package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.internal.LockLedger;
import dev.snapfork.mongo.server.FsyncBackend;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps work out of the write freeze: one client per hook reused across quiesces (no client
 * opened or closed around the lock), lock records removed after the unlock off the releasing
 * thread, and a reused client's history never mistaken for a lost freeze.
 */
class WindowWorkTest {
  private static final String HOOK_APP = "snapfork-mongo-hook";
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

  private void cycle(MongoConsistencyHook hook, String id) {
    QuiesceHandle h = hook.quiesce(ctx(id));
    assertThat(h.freezeLost()).isEmpty();
    h.release();
    assertThat(server.backend().lockCount()).isZero();
  }

  @Test
  void oneHookReusesItsClientAcrossQuiesces() {
    try (MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build())) {
      cycle(hook, "a");
      long afterFirst = server.backend().connectionsOf(HOOK_APP);
      assertThat(afterFirst).isPositive();
      cycle(hook, "b");
      cycle(hook, "c");
      assertThat(server.backend().connectionsOf(HOOK_APP)).isEqualTo(afterFirst);
      assertThat(server.backend().unlockCommands()).isEqualTo(3);
    }
  }

  @Test
  void zeroIdleTimeoutOpensAFreshClientForEachQuiesce() {
    try (MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).sessionIdleTimeout(Duration.ZERO).build())) {
      cycle(hook, "a");
      long afterFirst = server.backend().connectionsOf(HOOK_APP);
      cycle(hook, "b");
      assertThat(server.backend().connectionsOf(HOOK_APP)).isEqualTo(2 * afterFirst);
    }
  }

  @Test
  void aStaleIdleConnectionIsReplacedAtTheNextQuiesce() {
    try (MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build())) {
      cycle(hook, "a");
      server.backend().dropLockConnection(); // the idle client's connection, closed by the server
      cycle(hook, "b");
      assertThat(server.backend().unlockCommands()).isEqualTo(2);
    }
  }

  @Test
  void aReusedClientsEarlierReconnectIsNotALostFreezeOnAMongos() {
    try (MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build())) {
      // First lock: the unlock's connection drops once; release reconnects and unlocks (the client saw a closed connection).
      QuiesceHandle first = hook.quiesce(ctx("a"));
      server.backend().fault("fsyncUnlock", FsyncBackend.Fault.DROP_BEFORE, 1);
      first.release();
      assertThat(server.backend().lockCount()).isZero();
      // The same client is reused against a mongos, which can only tell a lost freeze by a dropped connection.
      server.backend().mode(FsyncBackend.Mode.MONGOS).version("7.1.0");
      QuiesceHandle second = hook.quiesce(ctx("b"));
      assertThat(second.freezeLost()).isEmpty();
      second.release();
      assertThat(server.backend().lockCount()).isZero();
    }
  }

  @Test
  void aClosedHookStillLocksAndUnlocks() {
    MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build());
    cycle(hook, "a");
    hook.close();
    cycle(hook, "b");
    assertThat(server.backend().unlockCommands()).isEqualTo(2);
  }

  @Test
  void theLockRecordIsGoneAfterReleaseOnDiskEventually() throws Exception {
    try (MongoConsistencyHook hook = MongoConsistencyHook.create(Fixtures.settings(server.uri(), ledger).build())) {
      QuiesceHandle h = hook.quiesce(ctx("rec"));
      LockLedger l = new LockLedger(ledger);
      String member = server.hostAndPort();
      assertThat(l.records(member)).containsExactly("rec");
      h.release();
      Fixtures.await("the lock record is removed", () -> l.records(member).isEmpty());
    }
  }

  @Test
  void aRecordBeingRemovedIsNoLongerListedEvenWhileItsFileRemains() throws Exception {
    LockLedger l = new LockLedger(ledger);
    String token = l.record("h:1", "req");
    Path file = l.file("h:1", token);
    // Make the removal fail deterministically: a non-empty directory in place of the record file.
    Files.delete(file);
    Files.createDirectories(file.resolve("x"));
    assertThat(l.records("h:1")).containsExactly("req");
    l.clearLater(file);
    assertThat(l.records("h:1")).isEmpty();
    Thread.sleep(50); // let the background removal fail; the record must stay unlisted
    assertThat(Files.exists(file)).isTrue();
    assertThat(l.records("h:1")).isEmpty();
    assertThat(new LockLedger(ledger).records("h:1")).as("another process still sees it").containsExactly("req");
  }
}

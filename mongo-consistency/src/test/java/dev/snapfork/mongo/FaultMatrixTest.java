package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mongodb.client.MongoClient;
import dev.snapfork.BackendFailureException;
import dev.snapfork.Consistency;
import dev.snapfork.ConsistencyException;
import dev.snapfork.PageRequest;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.ReleaseFailedException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.Snapshotter;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.server.FsyncBackend;
import dev.snapfork.mongo.server.FsyncBackend.Fault;
import dev.snapfork.mongo.server.TestServer;
import dev.snapfork.testkit.FaultInjectingProvider;
import dev.snapfork.testkit.InMemorySnapshotProvider;
import dev.snapfork.testkit.Operation;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix, one table: the Snapshotter orchestrating this hook against mongo-java-server
 * (fsync-aware backend) and the in-memory provider behind a fault-injecting wrapper. After every
 * case the lock count is back where it started and a write issued during the freeze completed
 * after it (delayed, not lost).
 */
class FaultMatrixTest {
  @TempDir Path ledger;

  /** Everything one case can arrange and inspect. */
  static final class Env {
    TestServer server;
    FsyncBackend backend;
    InMemorySnapshotProvider memory;
    FaultInjectingProvider provider;
    MongoHookSettings.Builder settings;
    Snapshotter.Builder snapshotter;
    MongoClient app;
    MongoConsistencyHook hook;
    CompletableFuture<Void> write;
    long heldBefore;
    Fixtures.Recorder events = new Fixtures.Recorder();
    Consumer<Env> whileLocked = e -> {};

    /** Issues an application write and waits until the lock holds it. */
    void writeHeldByLock() {
      write = Fixtures.writeAsync(app, "w");
      Fixtures.awaitHeld(backend);
    }
  }

  /**
   * @param name the row
   * @param arrange set faults and settings before the call
   * @param whileLocked run inside the freeze, right after the write was held (lock acquired)
   * @param error the expected error (null: success)
   * @param cause the expected cause of the orchestrator's error (null: not checked)
   * @param snapshotsKept snapshots left in the provider
   * @param verify case-specific checks right after the call
   * @param afterwards what the operator (or the other lock holder) does after the call
   */
  record Case(String name, Consumer<Env> arrange, Consumer<Env> whileLocked, Class<? extends Throwable> error, Class<? extends Throwable> cause,
      int snapshotsKept, Consumer<Env> verify, Consumer<Env> afterwards) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Consumer<Env> none() {
    return e -> {};
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("no fault: application-consistent, write delayed until unlock", none(), none(), null, null, 1,
            e -> assertThat(e.events.types()).containsExactly(MongoLockEvent.Type.ACQUIRED, MongoLockEvent.Type.HELD, MongoLockEvent.Type.UNLOCKED),
            none()),
        new Case("provider fails the cut", e -> e.provider.failNext(Operation.CREATE, new BackendFailureException("disk on fire", null)), none(),
            BackendFailureException.class, null, 0,
            e -> assertThat(e.events.types()).contains(MongoLockEvent.Type.UNLOCKED), none()),
        new Case("provider hangs past max-freeze: watchdog unlocks while the cut hangs",
            e -> {
              e.provider.hang(Operation.CREATE);
              e.snapshotter.maxFreeze(Duration.ofMillis(150)).cutTimeout(Duration.ofSeconds(2));
            }, none(), SnapshotTimeoutException.class, null, 0,
            e -> assertThat(e.backend.unlockCommands()).isEqualTo(1), e -> e.provider.release(Operation.CREATE)),
        new Case("lock connection dropped after lock: lock outlives it, release reconnects", none(), e -> e.backend.dropLockConnection(),
            null, null, 1,
            e -> assertThat(e.events.types()).contains(MongoLockEvent.Type.CONNECTION_LOST, MongoLockEvent.Type.UNLOCKED), none()),
        new Case("unlock fails twice (connection dropped) then succeeds", e -> e.backend.fault("fsyncUnlock", Fault.DROP_BEFORE, 2), none(),
            null, null, 1,
            e -> {
              assertThat(e.events.types().stream().filter(t -> t == MongoLockEvent.Type.UNLOCK_FAILED)).hasSize(2);
              assertThat(e.backend.unlockCommands()).isEqualTo(1);
            }, none()),
        new Case("unlock fails three times (transient error) then succeeds", e -> e.backend.fault("fsyncUnlock", Fault.TRANSIENT_ERROR, 3),
            none(), null, null, 1,
            e -> assertThat(e.events.types().stream().filter(t -> t == MongoLockEvent.Type.UNLOCK_FAILED)).hasSize(3), none()),
        new Case("unlock keeps failing past release-timeout: still locked, recovery unlocks",
            e -> {
              e.backend.fault("fsyncUnlock", Fault.TRANSIENT_ERROR, 1_000_000);
              e.settings.releaseTimeout(Duration.ofMillis(300));
            }, none(), ReleaseFailedException.class, null, 1,
            e -> assertThat(e.backend.lockCount()).isEqualTo(1),
            e -> {
              e.backend.clearFaults();
              RecoveryResult r = e.hook.recover(false);
              assertThat(r.unlocksIssued()).isEqualTo(1);
              assertThat(r.snapforkLocks()).hasSize(1);
            }),
        new Case("lock reply lost: the lock that took is undone, nothing snapshotted", e -> e.backend.fault("fsync", Fault.DROP_AFTER, 1),
            none(), ConsistencyException.class, UnavailableException.class, 0,
            e -> assertThat(e.backend.unlockCommands()).isEqualTo(1), none()),
        new Case("server already locked by someone else: refused, their lock untouched",
            e -> {
              e.backend.lockByOther();
              e.writeHeldByLock();
            }, none(), ConsistencyException.class, ConsistencyException.class, 0,
            e -> {
              assertThat(e.backend.lockCount()).isEqualTo(1);
              assertThat(e.backend.unlockCommands()).isZero();
            },
            e -> e.backend.unlockByOther()),
        new Case("wrong credentials: permission denied, secret not shown",
            e -> {
              e.backend.rejectAuth(true);
              e.settings = Fixtures.settings("mongodb://snap:hunter2-secret@" + e.server.hostAndPort() + "/?authSource=admin", e.settings.build().ledgerDir());
            }, none(), ConsistencyException.class, PermissionDeniedException.class, 0, none(), none()),
        new Case("unreachable host: fails within its connect timeout, not the orchestrator's",
            e -> e.settings = Fixtures.settings("mongodb://127.0.0.1:" + closedPort() + "/", e.settings.build().ledgerDir())
                .connectTimeout(Duration.ofMillis(400)),
            none(), ConsistencyException.class, UnavailableException.class, 0, none(), none()),
        new Case("mongos 7.1: cluster-wide lock, per-shard counts checked",
            e -> e.backend.mode(FsyncBackend.Mode.MONGOS).version("7.1.0"), none(), null, null, 1, none(), none()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void faultMatrix(Case c) throws Exception {
    Env e = new Env();
    try (TestServer server = new TestServer()) {
      e.server = server;
      e.backend = server.backend();
      e.app = Fixtures.appClient(server.uri());
      e.memory = InMemorySnapshotProvider.create();
      e.provider = FaultInjectingProvider.wrap(e.memory);
      VolumeRef volume = e.memory.createSourceVolume("data");
      e.settings = Fixtures.settings(server.uri(), ledger);
      e.snapshotter = Snapshotter.builder(e.provider).quiesceTimeout(Duration.ofSeconds(15));
      int start = e.backend.lockCount();

      e.heldBefore = e.backend.writesHeld();
      c.arrange().accept(e);
      e.hook = MongoConsistencyHook.create(e.settings.build(), event -> {
        e.events.onEvent(event);
        if (event.type() == MongoLockEvent.Type.ACQUIRED) {
          e.writeHeldByLock();
          c.whileLocked().accept(e);
        }
      });
      Throwable thrown;
      SnapshotResult result = null;
      try (Snapshotter s = e.snapshotter.hook(e.hook).build()) {
        SnapshotResult[] out = new SnapshotResult[1];
        thrown = catchThrowable(() -> out[0] = s.snapshot(SnapshotRequest.of(volume)));
        result = out[0];
      }

      if (c.error() == null) {
        assertThat(thrown).as("unexpected failure").isNull();
        assertThat(result.consistency()).isEqualTo(Consistency.APPLICATION);
        assertThat(result.hooks()).containsExactly("mongo");
        assertThat(result.releaseMetadata()).containsKey("snapfork.dev/mongo-lock-held-ms")
            .containsEntry("snapfork.dev/mongo-lock-count-after", "0");
      } else {
        assertThat(thrown).isInstanceOf(c.error());
        assertThat(thrown.getMessage()).doesNotContain("hunter2-secret");
        if (c.cause() != null) {
          assertThat(thrown.getCause()).isInstanceOf(c.cause());
        }
      }
      if (thrown instanceof ReleaseFailedException rf) {
        assertThat(rf.getMessage()).contains("WRITE-LOCKED").contains("fsyncUnlock()").contains(server.hostAndPort());
      }
      c.verify().accept(e);
      c.afterwards().accept(e);

      assertThat(e.backend.lockCount()).as("lock count back where it started").isEqualTo(start);
      if (e.write == null) {
        e.write = Fixtures.writeAsync(e.app, "w"); // no freeze happened: the server must take writes at once
      } else {
        assertThat(e.backend.writesHeld()).as("the write was held by the freeze").isGreaterThan(e.heldBefore);
        assertThat(e.write).as("the write waited for the unlock").isNotNull();
      }
      e.write.get(15, TimeUnit.SECONDS);
      assertThat(Fixtures.stored(e.app, "w")).as("the write was delayed, not lost").isTrue();
      assertThat(e.memory.list(SnapshotFilter.ALL, PageRequest.first()).items()).hasSize(c.snapshotsKept());
    } finally {
      if (e.app != null) {
        e.app.close();
      }
      if (e.provider != null) {
        e.provider.clearAll();
      }
    }
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }
}

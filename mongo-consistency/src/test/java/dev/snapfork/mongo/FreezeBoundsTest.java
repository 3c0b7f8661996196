package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import dev.snapfork.mongo.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bounds the freeze after the cut: the freeze-lost check (freeze-check-timeout) and the
 * release (release-timeout), also when the lock connection dropped or the server stopped
 * answering. No assertion on elapsed time: each case either completes within a generous bound or
 * hangs far beyond it (the socket read timeout the hook's client was opened with is 65 s here).
 */
class FreezeBoundsTest {
  /** Far above every bound configured below, far below the 65 s socket read timeout. */
  private static final long GENEROUS_SECONDS = 20;

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
    return new QuiesceContext(id, List.of(VolumeRef.of("data")), Duration.ofSeconds(70));
  }

  private MongoHookSettings.Builder settings() {
    // acquisition-timeout 60 s opens the hook's client with a 65 s socket read timeout
    return Fixtures.settings(server.uri(), ledger).acquisitionTimeout(Duration.ofSeconds(60));
  }

  @Test
  void aDroppedLockConnectionIsConfirmedStillLockedWithinAShortFreezeCheck() {
    // The driver rediscovers the server after a dropped connection no sooner than its minimum
    // heartbeat interval (500 ms by default; ~0.95 s measured from the drop to the confirmation).
    // The check here has 450 ms: it confirms the lock only when rediscovery does not wait for that.
    QuiesceHandle h = MongoConsistencyHook.create(settings().freezeCheckTimeout(Duration.ofMillis(450)).build()).quiesce(ctx("drop"));
    server.backend().dropLockConnection();
    assertThat(h.freezeLost()).as("the lock outlives its connection and is confirmed in time").isEmpty();
    h.release();
    assertThat(server.backend().lockCount()).isZero();
    assertThat(server.backend().unlockCommands()).isEqualTo(1);
  }

  @Test
  void aServerThatStopsAnsweringBoundsTheFreezeCheckAndTheReleaseByTheirTimeouts() throws Exception {
    MongoConsistencyHook hook = MongoConsistencyHook.create(settings().freezeCheckTimeout(Duration.ofMillis(300))
        .releaseTimeout(Duration.ofMillis(700)).build());
    QuiesceHandle h = hook.quiesce(ctx("silent"));
    server.backend().unresponsive(true);

    Optional<String> lost = CompletableFuture.supplyAsync(h::freezeLost).get(GENEROUS_SECONDS, TimeUnit.SECONDS);
    assertThat(lost).hasValueSatisfying(v -> assertThat(v).contains("could not confirm").contains("freeze-check-timeout PT0.3S"));

    Throwable failure = CompletableFuture.runAsync(h::release).handle((ok, e) -> e).get(GENEROUS_SECONDS, TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    Throwable cause = failure instanceof java.util.concurrent.CompletionException || failure instanceof ExecutionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(ConsistencyException.class)
        .hasMessageContaining("may still be WRITE-LOCKED")
        .hasMessageContaining("at most freeze-check-timeout PT0.3S + release-timeout PT0.7S")
        .hasMessageContaining("snapfork mongo unlock");
    assertThat(server.backend().unanswered()).as("the server really was asked and did not answer").isPositive();
    assertThat(server.backend().lockCount()).isEqualTo(1);

    // The server answers again: the lock given up by the release is recovered.
    server.backend().unresponsive(false);
    RecoveryResult r = hook.recover(false);
    assertThat(r.unlocksIssued()).isEqualTo(1);
    assertThat(server.backend().lockCount()).isZero();
  }
}

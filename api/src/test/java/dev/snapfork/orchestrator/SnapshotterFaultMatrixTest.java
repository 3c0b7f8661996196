package dev.snapfork.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Consistency;
import dev.snapfork.ConsistencyException;
import dev.snapfork.ConsistencyPolicy;
import dev.snapfork.GroupSnapshotException;
import dev.snapfork.ReleaseFailedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotOptions;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotResult;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The orchestrator's fault matrix in one table: each row sets up a fault, runs a consistent
 * snapshot of two hooks (a, b) around one or more cuts, and states the outcome. Every row checks
 * the two invariants: each hook that quiesced was released exactly once (in reverse order), and
 * no snapshot survives a failed call unless the row says it is kept.
 */
class SnapshotterFaultMatrixTest {

  /** A count that depends on thread timing (e.g. whether a sibling cut started before the failure). */
  static final int ANY = -1;

  /** What a row expects. */
  record Expect(Class<? extends Throwable> error, int releasesA, int releasesB, int snapshotsLeft, int creates,
      Consistency consistency, boolean interruptFlag) {
    static Expect ok(Consistency c) {
      return new Expect(null, 1, 1, 1, 1, c, false);
    }
  }

  /** One case: its name, how to break things, and what must happen. */
  record Row(String name, Consumer<Fixture> setup, List<String> volumes, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The parts one row runs with. */
  static final class Fixture {
    final List<String> log = new CopyOnWriteArrayList<>();
    final ScriptedProvider provider = new ScriptedProvider(log);
    final ScriptedHook a = new ScriptedHook("a", log);
    final ScriptedHook b = new ScriptedHook("b", log);
    ConsistencyPolicy policy = ConsistencyPolicy.REQUIRE_APPLICATION_CONSISTENT;
    Duration maxFreeze = Duration.ofSeconds(10);
    Duration quiesceTimeout = Duration.ofSeconds(10);
    Duration cutTimeout = Duration.ofSeconds(10);
    SnapshotOptions options = SnapshotOptions.DEFAULTS;
    boolean interruptCallerDuringCut;
    Duration releaseHookHangAfter;
  }

  static Stream<Row> matrix() {
    List<String> one = List.of("vol-1");
    List<String> three = List.of("vol-1", "vol-2", "vol-3");
    return Stream.of(
        new Row("success", f -> {}, one, Expect.ok(Consistency.APPLICATION)),
        new Row("success, group of three cut concurrently", f -> {}, three,
            new Expect(null, 1, 1, 3, 3, Consistency.APPLICATION, false)),
        new Row("backend exception on the cut", f -> f.provider.defaultCut = ScriptedProvider.Cut.THROW, one,
            new Expect(BackendFailureException.class, 1, 1, 0, 1, null, false)),
        // The watchdog counts from the first quiesce: on a loaded machine it may fire before the
        // cut starts (then nothing is cut), or during the hanging cut (then the cut is deleted).
        new Row("backend hangs past max-freeze: watchdog releases, late cut deleted", f -> {
          f.provider.defaultCut = ScriptedProvider.Cut.HANG_THEN_OK;
          f.maxFreeze = Duration.ofMillis(50);
        }, one, new Expect(ConsistencyException.class, 1, 1, 0, ANY, null, false)),
        new Row("backend hangs past max-freeze, crash-consistent allowed: kept as CRASH", f -> {
          f.provider.defaultCut = ScriptedProvider.Cut.HANG_THEN_OK;
          f.maxFreeze = Duration.ofMillis(50);
          f.policy = ConsistencyPolicy.ALLOW_CRASH_CONSISTENT;
        }, one, Expect.ok(Consistency.CRASH)),
        new Row("backend hangs forever: cut-timeout, nothing left", f -> {
          f.provider.defaultCut = ScriptedProvider.Cut.HANG_FOREVER;
          f.maxFreeze = Duration.ofMillis(50);
          f.cutTimeout = Duration.ofMillis(300);
        }, one, new Expect(SnapshotTimeoutException.class, 1, 1, 0, 1, null, false)),
        new Row("release of b fails: snapshot kept, a still released", f -> f.b.failRelease = true, one,
            new Expect(ReleaseFailedException.class, 1, 1, 1, 1, null, false)),
        new Row("quiesce of b fails: a released, nothing cut", f -> f.b.quiesce = ScriptedHook.Quiesce.FAIL, one,
            new Expect(ConsistencyException.class, 1, 0, 0, 0, null, false)),
        new Row("quiesce of b fails, crash-consistent allowed: cut without freeze", f -> {
          f.b.quiesce = ScriptedHook.Quiesce.FAIL;
          f.policy = ConsistencyPolicy.ALLOW_CRASH_CONSISTENT;
        }, one, new Expect(null, 1, 0, 1, 1, Consistency.CRASH, false)),
        new Row("quiesce of b hangs: quiesce-timeout, a released, nothing cut, b's late quiesce released at once", f -> {
          f.b.quiesce = ScriptedHook.Quiesce.HANG;
          f.quiesceTimeout = Duration.ofMillis(100);
        }, one, new Expect(ConsistencyException.class, 1, 1, 0, 0, null, false)),
        new Row("quiesce of b outlasts max-freeze: watchdog releases a, nothing cut", f -> {
          f.b.quiesce = ScriptedHook.Quiesce.HANG;
          f.maxFreeze = Duration.ofMillis(50);
          f.quiesceTimeout = Duration.ofMillis(300);
          f.releaseHookHangAfter = Duration.ofMillis(150);
        }, one, new Expect(ConsistencyException.class, 1, 1, 0, 0, null, false)),
        new Row("lock session lost during the freeze: snapshot deleted", f -> f.b.freezeLost = "connection reset", one,
            new Expect(ConsistencyException.class, 1, 1, 0, 1, null, false)),
        new Row("caller thread interrupted during the cut", f -> {
          f.provider.defaultCut = ScriptedProvider.Cut.HANG_FOREVER;
          f.interruptCallerDuringCut = true;
        }, one, new Expect(SnapshotException.class, 1, 1, 0, 1, null, true)),
        new Row("ready wait times out: hooks already released at the cut", f -> {
          f.provider.stateAtCut = SnapshotState.PENDING;
          f.options = SnapshotOptions.DEFAULTS.waitingForReady(Duration.ofMillis(100));
        }, one, new Expect(SnapshotTimeoutException.class, 1, 1, 1, 1, null, false)),
        new Row("one cut of a group fails: the others are deleted", f -> f.provider.cutByVolume.put("vol-2", ScriptedProvider.Cut.THROW),
            three, new Expect(GroupSnapshotException.class, 1, 1, 0, ANY, null, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void faultMatrix(Row row) throws Exception {
    Fixture f = new Fixture();
    row.setup().accept(f);
    List<SnapshotRequest> requests = row.volumes().stream().map(v -> SnapshotRequest.of(VolumeRef.of(v))).toList();
    AtomicBoolean interruptFlag = new AtomicBoolean();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    Throwable error = null;
    SnapshotResult result = null;
    try (Snapshotter snapshotter = Snapshotter.builder(f.provider).hook(f.a).hook(f.b).policy(f.policy).maxFreeze(f.maxFreeze)
        .quiesceTimeout(f.quiesceTimeout).cutTimeout(f.cutTimeout).build()) {
      Future<SnapshotResult> call = caller.submit(() -> {
        try {
          return requests.size() == 1 ? snapshotter.snapshot(requests.get(0), f.options) : snapshotter.snapshotGroup(requests, f.options);
        } finally {
          interruptFlag.set(Thread.currentThread().isInterrupted());
        }
      });
      if (f.releaseHookHangAfter != null) {
        Thread.sleep(f.releaseHookHangAfter.toMillis());
        f.b.hang.countDown();
      }
      if (f.interruptCallerDuringCut) {
        assertThat(f.provider.createStarted.await(10, TimeUnit.SECONDS)).isTrue();
        caller.shutdownNow(); // interrupts the calling thread
      }
      try {
        result = call.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        error = e.getCause();
      }
      f.provider.releaseHang.countDown();
      f.b.hang.countDown();
      // Late results (a hung cut or quiesce finishing after being abandoned) are undone on their own threads.
      awaitQuiet(f);
    } finally {
      caller.shutdownNow();
    }

    Expect e = row.expect();
    if (e.error() == null) {
      assertThat(error).as("error").isNull();
      assertThat(result.consistency()).isEqualTo(e.consistency());
      assertThat(result.snapshots()).hasSize(row.volumes().size());
    } else {
      assertThat(error).as("error").isInstanceOf(e.error());
      assertThat(error.getMessage()).isNotBlank();
    }
    assertThat(f.a.released).as("releases of a").hasValue(e.releasesA());
    assertThat(f.b.released).as("releases of b").hasValue(e.releasesB());
    assertThat(f.a.released.get()).as("a released iff quiesced").isEqualTo(f.a.quiesced.get());
    assertThat(f.b.released.get()).as("b released iff quiesced").isEqualTo(f.b.quiesced.get());
    assertThat(f.provider.snapshots).as("snapshots left").hasSize(e.snapshotsLeft());
    if (e.creates() != ANY) {
      assertThat(f.provider.creates).as("create calls").hasValue(e.creates());
    }
    assertThat(interruptFlag.get()).as("caller's interrupt flag kept").isEqualTo(e.interruptFlag());
    if (f.b.quiesce != ScriptedHook.Quiesce.HANG) {
      // An abandoned quiesce that completes late is released on its own, outside the order.
      assertReleasedInReverseOrder(f.log);
    }
  }

  /** Waits until abandoned work has settled: no hook left quiesced and the log stops growing. */
  private static void awaitQuiet(Fixture f) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int lastSize = -1;
    while (System.nanoTime() < deadline) {
      boolean settled = f.a.released.get() == f.a.quiesced.get() && f.b.released.get() == f.b.quiesced.get()
          && f.log.size() == lastSize && f.provider.log.stream().filter(l -> l.startsWith("cut:")).count()
              <= f.provider.log.stream().filter(l -> l.startsWith("cut-done:")).count() + hungCuts(f);
      if (settled) {
        return;
      }
      lastSize = f.log.size();
      Thread.sleep(100);
    }
  }

  private static long hungCuts(Fixture f) {
    return f.provider.log.stream().filter(l -> l.startsWith("cut:")).count()
        - f.provider.log.stream().filter(l -> l.startsWith("cut-done:")).count();
  }

  /** When a and b were held together, b (quiesced after a) must be released before a. */
  private static void assertReleasedInReverseOrder(List<String> log) {
    int releaseA = log.indexOf("release:a");
    int releaseB = log.indexOf("release:b");
    int quiescedB = log.indexOf("quiesced:b");
    boolean heldTogether = quiescedB >= 0 && releaseA >= 0 && quiescedB < releaseA;
    if (heldTogether) {
      assertThat(releaseB).as("b was released").isGreaterThanOrEqualTo(0);
      assertThat(releaseB).as("b released before a").isLessThan(releaseA);
    }
    int quiesceA = log.indexOf("quiesce:a");
    if (releaseA >= 0) {
      assertThat(quiesceA).isLessThan(releaseA);
    }
  }
}

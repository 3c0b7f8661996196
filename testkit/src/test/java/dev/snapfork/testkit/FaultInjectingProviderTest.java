package dev.snapfork.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnavailableException;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rules of {@link FaultInjectingProvider}: n-th call, always, next, delay, hang, counting. */
class FaultInjectingProviderTest {
  private final InMemorySnapshotProvider memory = InMemorySnapshotProvider.create();
  private final VolumeRef source = memory.createSourceVolume("src");
  private final FaultInjectingProvider provider = FaultInjectingProvider.wrap(memory);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    provider.clearAll();
    threads.shutdownNow();
    provider.close();
  }

  @Test
  void failsOnlyTheNthCall() {
    UnavailableException burst = new UnavailableException("burst", null);
    provider.failOnCall(Operation.CREATE, 2, burst);
    Snapshot first = provider.create(SnapshotRequest.of(source));
    assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> provider.create(SnapshotRequest.of(source))).isSameAs(burst);
    provider.create(SnapshotRequest.of(source));
    assertThat(provider.calls(Operation.CREATE)).isEqualTo(3);
    assertThat(memory.calls(Operation.CREATE)).as("calls reaching the delegate").isEqualTo(2);
    assertThat(provider.get(first.id()).id()).isEqualTo(first.id());
  }

  @Test
  void failsAlwaysUntilCleared() {
    provider.failAlways(Operation.GET, () -> new NotFoundException("snapshot", "x"));
    Snapshot s = provider.create(SnapshotRequest.of(source));
    for (int i = 0; i < 3; i++) {
      assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> provider.get(s.id()));
    }
    provider.clear(Operation.GET);
    assertThat(provider.get(s.id()).id()).isEqualTo(s.id());
    assertThat(memory.calls(Operation.GET)).isEqualTo(1);
  }

  @Test
  void failNextFailsOnce() {
    provider.failNext(Operation.DELETE, new UnavailableException("once", null));
    assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> provider.delete("snap-x"));
    assertThat(provider.delete("snap-x")).isFalse();
  }

  @Test
  void delaysBeforeDelegating() {
    provider.delay(Operation.LIST, Duration.ofMillis(150));
    long start = System.nanoTime();
    provider.list(dev.snapfork.SnapshotFilter.ALL, dev.snapfork.PageRequest.first());
    assertThat(System.nanoTime() - start).as("a delayed call does not return before its delay").isGreaterThanOrEqualTo(
        Duration.ofMillis(150).toNanos());
  }

  @Test
  void hangsUntilReleased() throws Exception {
    provider.hang(Operation.CREATE);
    Future<Snapshot> call = threads.submit(() -> provider.create(SnapshotRequest.of(source)));
    assertThat(provider.awaitHanging(Operation.CREATE, Duration.ofSeconds(30))).isTrue();
    assertThat(call).isNotDone();
    assertThat(memory.calls(Operation.CREATE)).as("nothing reached the delegate while hanging").isZero();
    provider.release(Operation.CREATE);
    assertThat(call.get(30, TimeUnit.SECONDS).source()).isEqualTo(source);
    assertThat(provider.hangingCalls(Operation.CREATE)).isZero();
  }

  @Test
  void aHangRespondsToInterrupt() throws Exception {
    provider.hang(Operation.AWAIT_READY);
    AtomicBoolean flagKept = new AtomicBoolean();
    Future<?> call = threads.submit(() -> {
      try {
        provider.awaitReady("snap-1", Duration.ofMinutes(1));
      } finally {
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    });
    assertThat(provider.awaitHanging(Operation.AWAIT_READY, Duration.ofSeconds(30))).isTrue();
    call.cancel(true);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (provider.hangingCalls(Operation.AWAIT_READY) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(provider.hangingCalls(Operation.AWAIT_READY)).as("the hang ended on interrupt").isZero();
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(flagKept).as("interrupt flag kept").isTrue();
    assertThat(memory.calls(Operation.AWAIT_READY)).isZero();
  }

  @Test
  void anInterruptedHangThrowsSnapshotException() throws Exception {
    provider.hang(Operation.GET);
    Future<Snapshot> call = threads.submit(() -> provider.get("snap-1"));
    assertThat(provider.awaitHanging(Operation.GET, Duration.ofSeconds(30))).isTrue();
    threads.shutdownNow();
    assertThatExceptionOfType(ExecutionException.class)
        .isThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .withCauseInstanceOf(SnapshotException.class);
  }

  @Test
  void delegatesEverythingElse() {
    assertThat(provider.name()).isEqualTo("memory");
    assertThat(provider.capabilities()).isEqualTo(memory.capabilities());
    Snapshot s = provider.create(SnapshotRequest.of(source));
    assertThat(provider.stream(dev.snapfork.SnapshotFilter.ofSource(source)).map(Snapshot::id)).containsExactly(s.id());
    assertThat(provider.calls(Operation.LIST)).as("stream pages through the wrapper").isEqualTo(1);
  }
}

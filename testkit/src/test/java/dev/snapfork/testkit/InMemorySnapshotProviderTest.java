package dev.snapfork.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.UnavailableException;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Latency, failure injection, counting and thread safety of {@link InMemorySnapshotProvider}. */
class InMemorySnapshotProviderTest {

  @Test
  void readyLatencyIsMeasuredByTheClock() {
    ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().clock(clock).readyLatency(Duration.ofMinutes(5)).build()) {
      VolumeRef src = p.createSourceVolume("src");
      Snapshot s = p.create(SnapshotRequest.of(src));
      assertThat(s.state()).isEqualTo(SnapshotState.PENDING);
      clock.advance(Duration.ofMinutes(4));
      assertThat(p.get(s.id()).state()).as("before the ready latency").isEqualTo(SnapshotState.PENDING);
      clock.advance(Duration.ofMinutes(1));
      assertThat(p.get(s.id()).state()).as("at the ready latency").isEqualTo(SnapshotState.READY);
    }
  }

  @Test
  void awaitReadyWaitsForTheReadyLatency() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().readyLatency(Duration.ofMillis(200)).build()) {
      Snapshot s = p.create(SnapshotRequest.of(p.createSourceVolume("src")));
      assertThat(s.state()).as("right after the cut").isEqualTo(SnapshotState.PENDING);
      assertThat(p.awaitReady(s.id(), Duration.ofSeconds(30)).state()).isEqualTo(SnapshotState.READY);
    }
  }

  @Test
  void cutLatencyBlocksCreateAndAnInterruptAbandonsIt() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().cutLatency(Duration.ofMinutes(10)).build()) {
      VolumeRef src = p.createSourceVolume("src");
      AtomicReference<Thread> worker = new AtomicReference<>();
      AtomicReference<Boolean> interruptedFlag = new AtomicReference<>();
      CompletableFuture<Snapshot> call = CompletableFuture.supplyAsync(() -> {
        worker.set(Thread.currentThread());
        try {
          return p.create(SnapshotRequest.of(src));
        } finally {
          interruptedFlag.set(Thread.currentThread().isInterrupted());
        }
      }, thread);
      while (worker.get() == null || p.calls(Operation.CREATE) == 0) {
        Thread.onSpinWait();
      }
      Thread.sleep(100);
      assertThat(call).as("create during the cut latency").isNotDone();
      worker.get().interrupt();
      assertThatExceptionOfType(java.util.concurrent.ExecutionException.class)
          .isThrownBy(() -> call.get(30, TimeUnit.SECONDS))
          .withCauseInstanceOf(SnapshotException.class);
      assertThat(interruptedFlag.get()).as("interrupt flag kept").isTrue();
      assertThat(p.list(SnapshotFilter.ALL, dev.snapfork.PageRequest.first()).items()).as("no snapshot made").isEmpty();
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void failNextThrowsOnceAfterValidation() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.create()) {
      VolumeRef src = p.createSourceVolume("src");
      UnavailableException burst = new UnavailableException("burst", null);
      p.failNext(Operation.CREATE, burst);
      assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> p.create(null));
      assertThat(p.calls(Operation.CREATE)).as("invalid call not counted").isZero();
      assertThatExceptionOfType(UnavailableException.class).isThrownBy(() -> p.create(SnapshotRequest.of(src))).isSameAs(burst);
      assertThat(p.create(SnapshotRequest.of(src)).state()).isEqualTo(SnapshotState.READY);
      assertThat(p.calls(Operation.CREATE)).isEqualTo(2);
    }
  }

  @Test
  void failedSnapshotsEndFailed() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().readyLatency(Duration.ofHours(1)).build()) {
      VolumeRef src = p.createSourceVolume("src");
      Snapshot s = p.create(SnapshotRequest.of(src));
      p.failSnapshot(s.id(), "disk on fire");
      Snapshot failed = p.get(s.id());
      assertThat(failed.state()).isEqualTo(SnapshotState.FAILED);
      assertThat(failed.failureMessage()).contains("disk on fire");
      assertThatExceptionOfType(BackendFailureException.class)
          .isThrownBy(() -> p.awaitReady(s.id(), Duration.ofSeconds(5)))
          .withMessageContaining("disk on fire");
    }
  }

  @Test
  void heldSnapshotsStayPendingUntilReleased() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.create()) {
      VolumeRef src = p.createSourceVolume("src");
      p.holdPending(src);
      Snapshot s = p.create(SnapshotRequest.of(src));
      assertThat(p.get(s.id()).state()).isEqualTo(SnapshotState.PENDING);
      p.releasePending(src);
      assertThat(p.get(s.id()).state()).isEqualTo(SnapshotState.READY);
    }
  }

  @Test
  void invalidInputIsRejectedWithoutACountedCall() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.create()) {
      assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> p.awaitReady("snap-1", Duration.ZERO))
          .satisfies(e -> assertThat(e.field()).isEqualTo("timeout"));
      assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> p.get(" "));
      assertThat(p.callCounts().total()).isZero();
    }
  }

  @Test
  void groupCutsAtOneInstantOnlyWhenEnabled() {
    try (InMemorySnapshotProvider plain = InMemorySnapshotProvider.create()) {
      VolumeRef a = plain.createSourceVolume("a");
      assertThat(plain.supports(Capability.NATIVE_GROUP)).isFalse();
      assertThatExceptionOfType(UnsupportedCapabilityException.class)
          .isThrownBy(() -> plain.createGroup("g1", List.of(SnapshotRequest.of(a))));
      assertThat(plain.calls(Operation.CREATE_GROUP)).isZero();
    }
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().nativeGroup(true).build()) {
      VolumeRef a = p.createSourceVolume("a", new byte[] {1});
      VolumeRef b = p.createSourceVolume("b", new byte[] {2});
      List<Snapshot> group = p.createGroup("g1", List.of(SnapshotRequest.of(a), SnapshotRequest.of(b)));
      assertThat(group).extracting(Snapshot::source).containsExactly(a, b);
      assertThat(group.get(0).cutAt()).isEqualTo(group.get(1).cutAt());
    }
  }

  @Test
  void concurrentRetriesOfOneRequestMakeOneSnapshot() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.builder().cutLatency(Duration.ofMillis(20)).build()) {
      SnapshotRequest request = SnapshotRequest.of(p.createSourceVolume("src"));
      List<Future<Snapshot>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> p.create(request)));
      }
      Set<String> ids = new HashSet<>();
      for (Future<Snapshot> f : futures) {
        ids.add(f.get(30, TimeUnit.SECONDS).id());
      }
      assertThat(ids).hasSize(1);
      assertThat(p.list(SnapshotFilter.ALL, dev.snapfork.PageRequest.first()).items()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void snapshotsCaptureContentAtTheCut() {
    try (InMemorySnapshotProvider p = InMemorySnapshotProvider.create()) {
      VolumeRef src = p.createSourceVolume("src", new byte[] {1, 2, 3});
      Snapshot s = p.create(SnapshotRequest.of(src));
      p.writeVolume(src, new byte[] {9});
      VolumeRef clone = p.createVolume(dev.snapfork.CloneRequest.builder(s.id(), "clone").build()).ref();
      assertThat(p.readVolume(clone)).containsExactly(1, 2, 3);
      assertThat(p.readVolume(src)).containsExactly(9, 2, 3);
    }
  }

  @Test
  void closedProviderRefusesCalls() {
    InMemorySnapshotProvider p = InMemorySnapshotProvider.create();
    p.close();
    p.close();
    assertThatExceptionOfType(SnapshotException.class).isThrownBy(() -> p.get("snap-1")).withMessageContaining("closed");
  }
}

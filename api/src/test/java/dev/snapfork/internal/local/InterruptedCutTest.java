package dev.snapfork.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.CopyMode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 15: an interrupted cut left its partial copy behind (the root lock's file channel was
 * closed by the interrupt, so the cleanup could not take the lock) until the next open.
 */
class InterruptedCutTest {
  @TempDir Path root;

  /** A volume of 200 small files and a 96 MB sparse file (copied dense by the Java copier). */
  private void fillVolume(LocalEngine engine) throws IOException {
    engine.createEmptyVolume("db");
    Path dir = engine.volumePath(VolumeRef.of("db"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(dir.resolve("f" + i), "row " + i + "\n".repeat(100));
    }
    try (RandomAccessFile big = new RandomAccessFile(dir.resolve("big").toFile(), "rw")) {
      big.setLength(96L << 20);
      big.write(1);
    }
  }

  private List<Path> entries(String area) throws IOException {
    Path dir = root.resolve(area);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  private void assertNothingLeft() throws IOException {
    assertThat(entries("snapshots")).as("partial copy, temp or trash").isEmpty();
    assertThat(entries("locks")).as("build lock files").isEmpty();
    assertThat(entries("requests/snapshot")).as("request index entries").isEmpty();
  }

  @Test
  void interruptMidCopyRemovesThePartialCopyAndKeepsTheInterruptStatus() throws Exception {
    HaltingCopier[] halting = new HaltingCopier[1];
    try (LocalEngine engine = LocalEngine.open(root, CopyMode.COPY, real -> halting[0] = new HaltingCopier(real, 1))) {
      fillVolume(engine);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean stillInterrupted = new AtomicBoolean();
      Thread cutter = new Thread(() -> {
        try {
          engine.create(SnapshotRequest.builder(VolumeRef.of("db")).name("cut").requestId("r1").build());
        } catch (Throwable t) {
          failure.set(t);
        }
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      });
      cutter.start();
      assertThat(halting[0].halted.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(root.resolve("snapshots/.tmp-cut/data/big")).as("the partial copy exists").exists();

      cutter.interrupt();
      cutter.join(TimeUnit.SECONDS.toMillis(60));

      assertThat(cutter.isAlive()).isFalse();
      assertThat(failure.get()).isInstanceOf(SnapshotException.class).isNotInstanceOf(BackendFailureException.class)
          .hasMessageContaining("interrupted");
      assertThat(stillInterrupted).as("interrupt status preserved").isTrue();
      assertNothingLeft();
    }
  }

  @Test
  void cutOnAnAlreadyInterruptedThreadFailsTypedAndLeavesNothing() throws Exception {
    try (LocalEngine engine = LocalEngine.open(root, CopyMode.COPY)) {
      fillVolume(engine);
      Thread.currentThread().interrupt();
      Throwable failure;
      boolean stillInterrupted;
      try {
        engine.create(SnapshotRequest.builder(VolumeRef.of("db")).name("cut").requestId("r1").build());
        failure = null;
      } catch (SnapshotException e) {
        failure = e;
      } finally {
        stillInterrupted = Thread.interrupted();
      }
      // The real Java copier was interrupted after it had started copying: its running copies
      // are waited for, then the partial copy is removed.
      assertThat(failure).isNotInstanceOf(BackendFailureException.class).hasMessageContaining("interrupted");
      assertThat(stillInterrupted).isTrue();
      assertNothingLeft();

      Snapshot again = engine.create(SnapshotRequest.builder(VolumeRef.of("db")).name("cut").requestId("r2").build());
      assertThat(again.ready()).isTrue();
    }
  }
}

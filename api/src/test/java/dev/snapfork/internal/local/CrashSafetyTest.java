package dev.snapfork.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.CopyMode;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashSafetyTest {
  @TempDir Path root;

  private LocalSnapshotProvider open() {
    return LocalSnapshotProvider.open(root, CopyMode.COPY);
  }

  /** What a builder that crashed half-way leaves: a temp with data and READY-looking metadata. */
  private Path leftoverSnapshotTemp(String id) throws IOException {
    Path temp = root.resolve("snapshots/" + LocalLayout.TMP + id);
    Files.createDirectories(temp.resolve("data"));
    Files.writeString(temp.resolve("data/file"), "partial");
    Files.writeString(temp.resolve("snapshot.properties"),
        "id=" + id + "\nname=" + id + "\nsource=db\nstate=READY\ncutAt=2024-01-01T00:00:00Z\n");
    return temp;
  }

  private Path lockFileOf(Path temp) {
    return new LocalLayout(root).buildLockFile(temp);
  }

  @Test
  void leftoverTempWithoutALockHolderIsNeverListedAndIsCleanedOnOpen() throws IOException {
    try (LocalSnapshotProvider p = open()) {
      p.createEmptyVolume("db");
      Path temp = leftoverSnapshotTemp("crashed");
      Files.createDirectories(root.resolve("locks"));
      Files.writeString(lockFileOf(temp), ""); // the crashed builder's lock file, no holder

      assertThat(p.list(SnapshotFilter.ALL, PageRequest.first()).items()).isEmpty();
      assertThat(temp).exists(); // not touched while open: only cleaned at the next open
    }
    try (LocalSnapshotProvider p = open()) {
      assertThat(root.resolve("snapshots/" + LocalLayout.TMP + "crashed")).doesNotExist();
      assertThat(lockFileOf(root.resolve("snapshots/" + LocalLayout.TMP + "crashed"))).doesNotExist();
      try (var entries = Files.list(root.resolve("snapshots"))) {
        assertThat(entries).isEmpty();
      }
      // the name is free again
      Snapshot s = p.create(SnapshotRequest.builder(VolumeRef.of("db")).name("crashed").build());
      assertThat(s.ready()).isTrue();
    }
  }

  @Test
  void tempHeldByAnotherThreadsBuildLockIsNotCleaned() throws Exception {
    Path temp = leftoverSnapshotTemp("busy");
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      try (BuildLock lock = BuildLock.tryAcquire(lockFileOf(temp))) {
        assertThat(lock).isNotNull();
        locked.countDown();
        done.await();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    holder.start();
    assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

    try (LocalSnapshotProvider p = open()) {
      assertThat(temp).exists();
      assertThat(temp.resolve("data/file")).hasContent("partial");
      assertThat(p.list(SnapshotFilter.ALL, PageRequest.first()).items()).isEmpty();
    }

    done.countDown();
    holder.join();
    try (LocalSnapshotProvider p = open()) {
      assertThat(temp).doesNotExist();
    }
  }

  @Test
  void tempHeldByAnotherProcessIsNotCleaned() throws Exception {
    Path temp = leftoverSnapshotTemp("elsewhere");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), lockFileOf(temp).toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      try (LocalSnapshotProvider p = open()) {
        assertThat(temp).exists();
        assertThat(p.list(SnapshotFilter.ALL, PageRequest.first()).items()).isEmpty();
      }
    } finally {
      child.getOutputStream().close();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (LocalSnapshotProvider p = open()) {
      assertThat(temp).doesNotExist();
    }
  }

  @Test
  void interruptedRestoreSwapPutsThePreviousContentBack() throws IOException {
    Path old = root.resolve("volumes/" + LocalLayout.OLD + "db-abcdefgh");
    Files.createDirectories(old);
    Files.writeString(old.resolve("f"), "previous");
    try (LocalSnapshotProvider p = open()) {
      assertThat(p.volumePath(VolumeRef.of("db")).resolve("f")).hasContent("previous");
      assertThat(old).doesNotExist();
    }
  }

  @Test
  void leftoverTrashCloneTempsAndOrphanMetadataAreCleanedOnOpen() throws IOException {
    try (LocalSnapshotProvider p = open()) {
      p.createEmptyVolume("db");
    }
    Path trash = root.resolve("snapshots/" + LocalLayout.TRASH + "gone-12345678");
    Files.createDirectories(trash.resolve("data"));
    Path cloneTemp = root.resolve("volumes/" + LocalLayout.TMP + "half");
    Files.createDirectories(cloneTemp);
    Files.writeString(root.resolve("volume-meta/half.properties"),
        "name=half\nstate=creating\nlabel.snapfork.dev/managed-by=snapfork\n");
    try (LocalSnapshotProvider p = open()) {
      assertThat(trash).doesNotExist();
      assertThat(cloneTemp).doesNotExist();
      assertThat(root.resolve("volume-meta/half.properties")).doesNotExist();
      assertThat(p.listVolumes(dev.snapfork.VolumeFilter.ALL, PageRequest.first()).items())
          .extracting(v -> v.name()).isEqualTo(List.of("db"));
    }
  }

  @Test
  void failedCopyLeavesNothingBehind() throws IOException {
    try (LocalSnapshotProvider p = open()) {
      VolumeRef v = p.createEmptyVolume("db");
      // A fifo cannot be copied: the build fails half-way.
      Path fifo = p.volumePath(v).resolve("pipe");
      Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
      try {
        if (mk.waitFor() != 0) {
          return; // no mkfifo here
        }
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      Files.writeString(p.volumePath(v).resolve("a"), "a");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.create(SnapshotRequest.builder(v).name("bad").build()))
          .isInstanceOf(dev.snapfork.BackendFailureException.class).hasMessageContaining("pipe");
      try (var entries = Files.list(root.resolve("snapshots"))) {
        assertThat(entries).isEmpty();
      }
      try (var entries = Files.list(root.resolve("locks"))) {
        assertThat(entries).isEmpty();
      }
    }
  }
}

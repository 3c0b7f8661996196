package dev.snapfork.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.CleanupRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.ForkRequest;
import dev.snapfork.ForkResult;
import dev.snapfork.Labels;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.Snapshotter;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.CopyMode;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests whose process was killed (destroyForcibly, i.e. SIGKILL) half-way: a real child JVM
 * ({@link KilledRequestMain}) is stopped inside its copy, then this JVM opens the same root.
 */
class KilledRequestTest {
  @TempDir Path root;

  private void sourceVolume() throws IOException {
    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY)) {
      p.createEmptyVolume("db");
      Path dir = p.volumePath(VolumeRef.of("db"));
      for (int i = 0; i < 50; i++) {
        Files.writeString(dir.resolve("f" + i), "row " + i + "\n");
      }
    }
  }

  /** Runs {@link KilledRequestMain} with {@code args}, waits until it halts in a copy, kills it. */
  static void killHalfWay(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        KilledRequestMain.class.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("halted")) {
        // skip anything else the child prints
      }
      assertThat(line).as("the child reached the copy").isEqualTo("halted");
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private List<String> files(String dir) throws IOException {
    Path d = root.resolve(dir);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void requestIndexEntryOfAKilledSnapshotIsRemovedAtTheNextOpen() throws Exception {
    sourceVolume();
    killHalfWay("snapshot", root.toString(), "req-killed");
    // what the killed process left: its temp and its request-index entry
    assertThat(root.resolve("snapshots/" + LocalLayout.TMP + "cut")).exists();
    assertThat(files("requests/snapshot")).containsExactly("req-killed");

    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY)) {
      assertThat(files("snapshots")).isEmpty();
      assertThat(files("requests/snapshot")).as("index entry of the killed request").isEmpty();
    }
  }

  @Test
  void cleanupAllAfterAKilledForkLeavesNoRequestIndexEntry() throws Exception {
    sourceVolume();
    killHalfWay("fork", root.toString(), "req-fork", "staging");
    assertThat(files("requests/snapshot")).containsExactly("req-fork");
    assertThat(files("requests/volume")).containsExactly("req-fork");

    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY);
        Snapshotter s = Snapshotter.builder(p).build()) {
      // the clone never finished: its entry goes at open; the published source snapshot's stays
      assertThat(files("requests/volume")).isEmpty();
      assertThat(files("requests/snapshot")).containsExactly("req-fork");
      s.cleanup(CleanupRequest.EXPIRED.includingUnexpired());
      assertThat(files("snapshots")).isEmpty();
      assertThat(files("requests/snapshot")).isEmpty();
      assertThat(files("requests/volume")).isEmpty();
    }
  }

  @Test
  void reRunOfAForkKilledDuringItsCloneReplacesTheLeftoverSourceSnapshot() throws Exception {
    sourceVolume();
    killHalfWay("fork", root.toString(), "req-1", "staging");
    // the killed fork's source snapshot is published under the name the re-run needs
    assertThat(files("snapshots")).containsExactly("staging-src");

    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY);
        Snapshotter s = Snapshotter.builder(p).build()) {
      ForkResult r = s.fork(ForkRequest.builder(VolumeRef.of("db"), "staging").requestId("req-2").build());

      assertThat(r.volume().labels()).containsEntry(Labels.REQUEST_ID, "req-2");
      Snapshot src = p.get("staging-src");
      assertThat(src.labels()).containsEntry(Labels.REQUEST_ID, "req-2").containsEntry(Labels.ROLE, Labels.ROLE_FORK_SOURCE);
      assertThat(p.list(SnapshotFilter.ALL, PageRequest.first()).items()).extracting(Snapshot::id).containsExactly("staging-src");
      assertThat(Files.readString(p.volumePath(VolumeRef.of("staging")).resolve("f7"))).isEqualTo("row 7\n");
      assertThat(files("requests/snapshot")).containsExactly("req-2");
    }
  }

  @Test
  void forkOntoAnEarlierForksSourceWhoseCloneExistsFailsSayingWhatItIsAndHowToRemoveIt() throws Exception {
    sourceVolume();
    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY);
        Snapshotter s = Snapshotter.builder(p).build()) {
      s.fork(ForkRequest.builder(VolumeRef.of("db"), "staging").requestId("req-1").build());

      assertThatThrownBy(() -> s.fork(ForkRequest.builder(VolumeRef.of("db"), "staging").requestId("req-2").build()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("source snapshot of an earlier fork (request req-1)")
          .hasMessageContaining("leftover of an interrupted fork")
          .hasMessageContaining("snapfork snapshot delete staging-src");
      // the completed fork is untouched
      assertThat(p.get("staging-src").labels()).containsEntry(Labels.REQUEST_ID, "req-1");
      assertThat(p.getVolume(VolumeRef.of("staging")).labels()).containsEntry(Labels.REQUEST_ID, "req-1");
    }
  }
}

package dev.snapfork.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue 15: a volume directory that is a symbolic link is refused by snapshot and restore alike. */
class SymlinkedVolumeTest {
  @TempDir Path root;
  @TempDir Path outside;

  @Test
  void snapshotOfASymlinkedVolumeIsRefusedBeforeAnythingIsCopied() throws IOException {
    Files.writeString(outside.resolve("secret"), "not under the root");
    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY)) {
      Files.createSymbolicLink(root.resolve("volumes/linked"), outside);

      assertThatThrownBy(() -> p.create(SnapshotRequest.builder(VolumeRef.of("linked")).name("s").build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("source")
          .hasMessageContaining("symbolic link")
          .hasMessageContaining(root.resolve("volumes/linked").toString());
      try (Stream<Path> entries = Files.list(root.resolve("snapshots"))) {
        assertThat(entries).as("nothing copied, not even a temporary").isEmpty();
      }
      try (Stream<Path> entries = Files.walk(root.resolve("requests"))) {
        assertThat(entries.filter(Files::isRegularFile)).as("no request recorded").isEmpty();
      }
    }
  }

  @Test
  void restoreOntoASymlinkedVolumeIsRefusedTheSameWay() throws IOException {
    try (LocalSnapshotProvider p = LocalSnapshotProvider.open(root, CopyMode.COPY)) {
      p.createEmptyVolume("db");
      Files.writeString(p.volumePath(VolumeRef.of("db")).resolve("f"), "v1");
      Snapshot s = p.create(SnapshotRequest.builder(VolumeRef.of("db")).name("s").build());
      Path dir = root.resolve("volumes/db");
      Files.delete(dir.resolve("f"));
      Files.delete(dir);
      Files.writeString(outside.resolve("f"), "outside");
      Files.createSymbolicLink(dir, outside);

      assertThatThrownBy(() -> p.restore(s.id()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("symbolic link")
          .hasMessageContaining(dir.toString());
      assertThat(Files.readString(outside.resolve("f"))).isEqualTo("outside");
    }
  }
}

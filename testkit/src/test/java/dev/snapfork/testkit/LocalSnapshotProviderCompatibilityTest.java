package dev.snapfork.testkit;

import dev.snapfork.SnapshotProvider;
import dev.snapfork.VolumeRef;
import dev.snapfork.local.LocalSnapshotProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole compatibility kit against the built-in local provider. Volume data lives in one
 * file ({@code data.bin}) of the volume directory. Local snapshots are ready at the cut and never
 * fail on their own, so the await-deadline and failed-snapshot tests are skipped with that reason.
 */
class LocalSnapshotProviderCompatibilityTest extends SnapshotProviderCompatibilityKit {
  private static final String DATA_FILE = "data.bin";

  @TempDir
  Path root;

  @Override
  protected SnapshotProvider createProvider() {
    return LocalSnapshotProvider.open(root);
  }

  @Override
  protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
    return ((LocalSnapshotProvider) provider).createEmptyVolume(name);
  }

  @Override
  protected Optional<VolumeData> volumeData(SnapshotProvider provider) {
    LocalSnapshotProvider local = (LocalSnapshotProvider) provider;
    return Optional.of(new VolumeData() {
      @Override
      public void write(VolumeRef volume, byte[] data) {
        try {
          Files.write(local.volumePath(volume).resolve(DATA_FILE), data);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public byte[] read(VolumeRef volume, int length) {
        try {
          Path file = local.volumePath(volume).resolve(DATA_FILE);
          byte[] all = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
          return Arrays.copyOf(all, Math.min(length, all.length));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
  }
}

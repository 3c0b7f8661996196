package dev.snapfork.internal.local;

import dev.snapfork.BackendFailureException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** I/O helpers: error translation and directory fsync. */
final class Io {
  private Io() {}

  /** An {@link IOException} as a {@link BackendFailureException} naming what was done and where. */
  static BackendFailureException failure(String what, Path path, IOException e) {
    return new BackendFailureException("local: " + what + " failed at " + path + ": " + e, e);
  }

  /** A body that may throw {@link IOException}. */
  @FunctionalInterface
  interface IoSupplier<T> {
    T get() throws IOException;
  }

  /** A body without result that may throw {@link IOException}. */
  @FunctionalInterface
  interface IoRunnable {
    void run() throws IOException;
  }

  /** Flushes a directory's entries (after a rename or create) where the platform allows it. */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can open or fsync a directory; the rename itself is still atomic.
    }
  }
}

package dev.snapfork.internal.local;

import dev.snapfork.BackendFailureException;
import dev.snapfork.SnapshotException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
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

  /**
   * The failure of a copy (snapshot, clone, restore): a {@link SnapshotException} saying it was
   * interrupted when the thread was interrupted (the caller's interrupt status stays set), else
   * {@link #failure}.
   */
  static SnapshotException copyFailure(String what, Path path, IOException e) {
    if (e instanceof InterruptedIOException || e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
      return new SnapshotException("local: " + what + " was interrupted; its partial copy is removed", e);
    }
    return failure(what, path, e);
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

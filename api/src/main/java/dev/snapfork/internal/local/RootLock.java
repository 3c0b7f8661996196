package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The root-level lock that serializes short critical sections (request-id check and name
 * reservation, publish, delete renames, cleanup) among every thread and process using one root.
 *
 * <p>A {@link java.nio.channels.FileLock} is held per JVM, not per thread, and two overlapping
 * locks in one JVM throw; so a JVM-wide {@link ReentrantLock} (shared by every provider on the
 * same root) is taken first, then the file lock on a channel opened for this section only. Nested
 * sections on one thread run inside the outer one.
 *
 * <p>Sections are short and always run to their end, whatever interrupts: a file channel is
 * closed by an interrupt ({@link ClosedByInterruptException}), which would leave undone exactly
 * the cleanup that follows an interrupted copy. So the thread's interrupt status is set aside
 * while the lock is taken and the section runs, and restored afterwards (an interrupt that
 * arrives meanwhile is kept too); the caller still sees it.
 */
final class RootLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path lockFile;
  private final ReentrantLock jvmLock;

  RootLock(Path lockFile) {
    this.lockFile = lockFile.toAbsolutePath().normalize();
    this.jvmLock = JVM_LOCKS.computeIfAbsent(this.lockFile, k -> new ReentrantLock());
  }

  /**
   * Runs {@code body} holding the root lock, to its end even when the thread is interrupted (the
   * interrupt status is restored on return).
   *
   * @throws dev.snapfork.BackendFailureException when the lock file cannot be used or the body
   *     throws an {@link IOException}
   */
  <T> T call(Io.IoSupplier<T> body) {
    if (jvmLock.isHeldByCurrentThread()) {
      return callLocked(body);
    }
    boolean interrupted = Thread.interrupted();
    jvmLock.lock();
    FileChannel ch = null;
    try {
      while (ch == null) {
        FileChannel opened;
        try {
          opened = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (ClosedByInterruptException e) {
          interrupted = true; // interrupted since we set the status aside: set it aside again
          Thread.interrupted();
          continue;
        }
        try {
          opened.lock();
          ch = opened;
        } catch (ClosedByInterruptException e) {
          // Interrupted while waiting for another process: the channel is closed; wait again.
          interrupted = true;
          Thread.interrupted();
        } finally {
          if (ch == null) {
            opened.close();
          }
        }
      }
      return callLocked(body);
    } catch (IOException e) {
      throw Io.failure("root lock", lockFile, e);
    } finally {
      try {
        if (ch != null) {
          ch.close(); // releases the file lock
        }
      } catch (IOException ignored) {
        // the lock is gone with the channel
      } finally {
        jvmLock.unlock();
        if (interrupted || Thread.interrupted()) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  void run(Io.IoRunnable body) {
    call(() -> {
      body.run();
      return null;
    });
  }

  private <T> T callLocked(Io.IoSupplier<T> body) {
    try {
      return body.get();
    } catch (IOException e) {
      throw Io.failure("operation under " + lockFile.getParent(), lockFile.getParent(), e);
    }
  }
}

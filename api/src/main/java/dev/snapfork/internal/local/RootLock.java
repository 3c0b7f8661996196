package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The root-level lock that serializes short critical sections (request-id check and name
 * reservation, publish, delete renames, cleanup) among every thread and process using one root.
 *
 * <p>A {@link FileLock} is held per JVM, not per thread, and two overlapping locks in one JVM
 * throw; so a JVM-wide {@link ReentrantLock} (shared by every provider on the same root) is taken
 * first, then the file lock on a channel opened for this section only. Nested sections on one
 * thread run inside the outer one.
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
   * Runs {@code body} holding the root lock.
   *
   * @throws dev.snapfork.BackendFailureException when the lock file cannot be used or the body
   *     throws an {@link IOException}
   */
  <T> T call(Io.IoSupplier<T> body) {
    if (jvmLock.isHeldByCurrentThread()) {
      return callLocked(body);
    }
    jvmLock.lock();
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      return callLocked(body);
    } catch (IOException e) {
      throw Io.failure("root lock", lockFile, e);
    } finally {
      jvmLock.unlock();
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

package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a builder holds on its temporary directory's lock file for as long as it builds, so
 * that cleanup in this or another process never deletes a temp someone is still filling. A
 * crashed builder's lock is released by the operating system, which lets cleanup take it.
 *
 * <p>Because closing any channel on a file may drop every lock this JVM holds on it, locks held
 * in this JVM are also kept in a registry and never probed through a second channel. Acquiring,
 * probing and deleting lock files is done under the {@link RootLock}, so a lock file is never
 * deleted while another party is about to lock it.
 */
final class BuildLock implements AutoCloseable {
  private static final Set<Path> HELD_IN_JVM = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean released;

  private BuildLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code file} (creating it), or returns {@code null} when someone holds it. */
  static BuildLock tryAcquire(Path file) throws IOException {
    Path key = file.toAbsolutePath().normalize();
    if (!HELD_IN_JVM.add(key)) {
      return null;
    }
    FileChannel ch = null;
    try {
      Files.createDirectories(key.getParent());
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        HELD_IN_JVM.remove(key);
        return null;
      }
      return new BuildLock(key, ch, l);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      HELD_IN_JVM.remove(key);
      throw e;
    }
  }

  /** Whether a live builder (in this or another process) holds the lock on {@code file}. */
  static boolean isHeld(Path file) throws IOException {
    if (!Files.exists(file)) {
      return HELD_IN_JVM.contains(file.toAbsolutePath().normalize());
    }
    BuildLock probe = tryAcquire(file);
    if (probe == null) {
      return true;
    }
    probe.release(false);
    return false;
  }

  Path file() {
    return file;
  }

  /** Releases the lock and deletes its file; call under the root lock. */
  void releaseAndDelete() throws IOException {
    release(true);
  }

  /** Releases the lock, keeping its file. */
  @Override
  public void close() throws IOException {
    release(false);
  }

  private synchronized void release(boolean deleteFile) throws IOException {
    if (released) {
      return;
    }
    released = true;
    try {
      if (deleteFile) {
        Files.deleteIfExists(file);
      }
    } finally {
      try {
        if (lock.isValid()) {
          lock.release();
        }
        channel.close();
      } finally {
        HELD_IN_JVM.remove(file);
      }
    }
  }
}

package dev.snapfork.internal.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A plain copy in Java, for file systems without reflink. The tree is walked once; directories
 * and symbolic links are made as they are met, regular files are copied on a small pool (small
 * files in batches, each large file on its own with {@link FileChannel#transferTo}, which the
 * kernel can do without copying through user space). Permissions and modification times of
 * files and directories are kept; directory attributes are applied last, deepest first, so a
 * read-only directory is filled before it is closed. Sparse files are copied dense (Java cannot
 * find holes cheaply).
 */
final class JavaTreeCopier implements TreeCopier {
  static final long LARGE_FILE = 8L << 20;
  private static final int BATCH_FILES = 64;
  private static final long BATCH_BYTES = 8L << 20;
  /** Bytes per transferTo call of a large file: bounds how long an aborted copy keeps writing. */
  private static final long CHUNK = 64L << 20;

  private final ExecutorService pool;

  JavaTreeCopier(ExecutorService pool) {
    this.pool = pool;
  }

  @Override
  public String method() {
    return "copy";
  }

  @Override
  public long copy(Path source, Path target) throws IOException {
    List<Path[]> directories = new ArrayList<>();
    List<Future<Long>> work = new ArrayList<>();
    List<Path[]> batch = new ArrayList<>();
    long[] batchBytes = {0};
    AtomicBoolean abort = new AtomicBoolean();
    boolean ok = false;
    try {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          Path to = target.resolve(source.relativize(dir).toString());
          Files.createDirectory(to);
          directories.add(new Path[] {dir, to});
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Path to = target.resolve(source.relativize(file).toString());
          if (attrs.isSymbolicLink()) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(file));
          } else if (attrs.isRegularFile()) {
            if (attrs.size() >= LARGE_FILE) {
              work.add(submit(() -> abort.get() ? 0L : copyLarge(file, to, abort)));
            } else {
              batch.add(new Path[] {file, to});
              batchBytes[0] += attrs.size();
              if (batch.size() >= BATCH_FILES || batchBytes[0] >= BATCH_BYTES) {
                submitBatch(work, batch, abort);
                batchBytes[0] = 0;
              }
            }
          } else {
            throw new IOException("cannot copy special file (device, socket or fifo): " + file);
          }
          return FileVisitResult.CONTINUE;
        }
      });
      submitBatch(work, batch, abort);
      long total = 0;
      for (Future<Long> f : work) {
        total += await(f);
      }
      for (int i = directories.size() - 1; i >= 0; i--) {
        copyAttributes(directories.get(i)[0], directories.get(i)[1]);
      }
      ok = true;
      return total;
    } finally {
      if (!ok) {
        // Stop queued work and wait for running copies, so nothing writes into the target
        // while the caller removes it.
        abort.set(true);
        boolean interrupted = false;
        for (Future<Long> f : work) {
          while (true) {
            try {
              f.get();
              break;
            } catch (InterruptedException e) {
              interrupted = true; // wait anyway: cleanup must not race running copies
            } catch (ExecutionException | java.util.concurrent.CancellationException ignored) {
              break; // the first failure is already being reported
            }
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private Future<Long> submit(java.util.concurrent.Callable<Long> task) throws IOException {
    try {
      return pool.submit(task);
    } catch (RejectedExecutionException e) {
      throw new IOException("the copy pool is shut down (provider closed)", e);
    }
  }

  private void submitBatch(List<Future<Long>> work, List<Path[]> batch, AtomicBoolean abort) throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    List<Path[]> files = List.copyOf(batch);
    batch.clear();
    work.add(submit(() -> {
      long n = 0;
      for (Path[] pair : files) {
        if (abort.get()) {
          return n;
        }
        Files.copy(pair[0], pair[1], StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        n += Files.size(pair[1]);
      }
      return n;
    }));
  }

  /** Copies one large file in chunks, stopping between chunks once {@code abort} is set. */
  private static long copyLarge(Path from, Path to, AtomicBoolean abort) throws IOException {
    long copied = 0;
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      while (copied < size) {
        if (abort.get()) {
          return copied; // the whole copy failed: its target is being removed
        }
        long n = in.transferTo(copied, Math.min(CHUNK, size - copied), out);
        if (n <= 0) {
          break;
        }
        copied += n;
      }
    }
    copyAttributes(from, to);
    return copied;
  }

  private static void copyAttributes(Path from, Path to) throws IOException {
    BasicFileAttributes a = Files.readAttributes(from, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributeView posix = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (posix != null) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(from, LinkOption.NOFOLLOW_LINKS);
      posix.setPermissions(perms);
    }
    FileTime mtime = a.lastModifiedTime();
    Files.getFileAttributeView(to, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(mtime, a.lastAccessTime(), null);
  }

  private static long await(Future<Long> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }
}

package dev.snapfork.examples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Semaphore;

/**
 * The demo's "production application": appends order records to a journal file, each in two
 * writes, so a copy taken at a random instant can end in half a record. {@link #pause()} waits
 * for a record boundary and holds the writer there until {@link #resume()}: what a database's
 * fsyncLock does for its data files.
 */
final class JournalWriter implements AutoCloseable {
  private final Path journal;
  // A semaphore, not a lock: pause and resume may run on different threads.
  private final Semaphore recordPermit = new Semaphore(1);
  private final AtomicLong written = new AtomicLong();
  private final Thread thread;
  private volatile boolean stop;
  private volatile IOException failure;

  JournalWriter(Path journal) {
    this.journal = journal;
    this.thread = new Thread(this::run, "demo-journal-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (!stop) {
        recordPermit.acquire();
        try {
          long n = written.get() + 1;
          String record = String.format("order-%08d amount=%06d status=PAID%n", n, (n * 7919) % 1_000_000);
          byte[] bytes = record.getBytes(StandardCharsets.US_ASCII);
          int half = bytes.length / 2;
          ch.write(ByteBuffer.wrap(bytes, 0, half));
          Thread.onSpinWait();
          ch.write(ByteBuffer.wrap(bytes, half, bytes.length - half));
          written.set(n);
        } finally {
          recordPermit.release();
        }
        Thread.sleep(0, 200_000);
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks the writer at a record boundary, waiting at most {@code millis}; false on timeout. */
  boolean pause(long millis) throws InterruptedException {
    return recordPermit.tryAcquire(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Lets the writer go on. */
  void resume() {
    recordPermit.release();
  }

  long recordsWritten() {
    return written.get();
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw new UncheckedIOException("journal writer failed", failure);
    }
  }
}

package dev.snapfork.ebs.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * The record of finished blocks beside a partial download ({@code <target>.snapfork-download}):
 * the snapshot id on the first line, then one 4-byte big-endian block index per block whose data
 * is durably on disk. A later download of the same snapshot to the same target skips these
 * blocks. Deleted when the download completes.
 *
 * <p>Crash safety without an fsync per block: {@link #record} only stages an index in memory.
 * Every {@code checkpointEvery} blocks (and on {@link #close}) a checkpoint forces the target's
 * data to disk first, then appends the staged indexes to the journal and forces the journal. So
 * after a power loss the journal never claims a block whose data was not on disk; at worst it
 * misses up to {@code checkpointEvery} blocks that are fetched again. A torn last record (a crash
 * mid-append) is ignored and cut off on reopen. Thread-safe.
 */
public final class ResumeJournal implements AutoCloseable {
  /** Blocks between checkpoints by default (32 MiB of 512 KiB blocks). */
  public static final int DEFAULT_CHECKPOINT_EVERY = 64;

  /** Forces the downloaded data to disk. */
  @FunctionalInterface
  interface DataSync {
    void force() throws IOException;
  }

  private final Path path;
  private final FileChannel out;
  private final FileChannel data;
  private final DataSync dataSync;
  private final BitSet done;
  private final int checkpointEvery;
  private final Object stageLock = new Object();
  private final Object checkpointLock = new Object();
  private int[] staged;
  private int stagedCount;
  private boolean closed;

  private ResumeJournal(Path path, FileChannel out, FileChannel data, DataSync dataSync, BitSet done, int checkpointEvery) {
    this.path = path;
    this.out = out;
    this.data = data;
    this.dataSync = dataSync;
    this.done = done;
    this.checkpointEvery = checkpointEvery;
    this.staged = new int[checkpointEvery];
  }

  public static Path pathFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".snapfork-download");
  }

  /**
   * Opens the journal for {@code target} with checkpoints every
   * {@value #DEFAULT_CHECKPOINT_EVERY} blocks: with {@code resume} and a journal of the same
   * snapshot, its blocks count as done; otherwise a fresh journal. The journal opens its own
   * channel on {@code target} (created if missing) to force the data: an fsync flushes the file,
   * whichever descriptor wrote it.
   */
  public static ResumeJournal open(Path target, String snapshotId, boolean resume) throws IOException {
    return open(target, snapshotId, resume, DEFAULT_CHECKPOINT_EVERY);
  }

  /** As {@link #open(Path, String, boolean)}, with a checkpoint every {@code checkpointEvery} blocks (at least 1). */
  public static ResumeJournal open(Path target, String snapshotId, boolean resume, int checkpointEvery) throws IOException {
    FileChannel data = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return open(target, snapshotId, resume, checkpointEvery, data, () -> data.force(true));
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /** For tests: {@code dataSync} stands in for forcing the target's data. */
  static ResumeJournal open(Path target, String snapshotId, boolean resume, int checkpointEvery, FileChannel data,
      DataSync dataSync) throws IOException {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("checkpointEvery must be at least 1, got " + checkpointEvery);
    }
    Path p = pathFor(target);
    BitSet done = new BitSet();
    long records = 0;
    boolean reuse = false;
    if (resume && Files.exists(p)) {
      try (InputStream raw = Files.newInputStream(p); DataInputStream in = new DataInputStream(raw)) {
        StringBuilder header = new StringBuilder();
        int c;
        boolean newline = false;
        while ((c = in.read()) != -1) {
          if (c == '\n') {
            newline = true;
            break;
          }
          header.append((char) c);
        }
        if (newline && header.toString().equals(snapshotId)) {
          reuse = true;
          try {
            while (true) {
              int index = in.readInt();
              if (index >= 0) {
                done.set(index);
              }
              records++;
            }
          } catch (EOFException end) {
            // a torn last record is ignored: that block is fetched again
          }
        }
      }
    }
    FileChannel ch;
    if (reuse) {
      ch = FileChannel.open(p, StandardOpenOption.WRITE);
      long whole = snapshotId.length() + 1 + records * 4;
      if (ch.size() > whole) {
        ch.truncate(whole);
      }
      ch.position(whole);
    } else {
      ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      ByteBuffer header = ByteBuffer.wrap((snapshotId + "\n").getBytes(StandardCharsets.US_ASCII));
      while (header.hasRemaining()) {
        ch.write(header);
      }
    }
    return new ResumeJournal(p, ch, data, dataSync, done, checkpointEvery);
  }

  /** Whether the journal was reused and this block is already on disk. */
  public boolean isDone(long block) {
    return done.get((int) block);
  }

  public int doneCount() {
    return done.cardinality();
  }

  /**
   * Records a block whose data has been written (not yet forced): staged in memory, made durable
   * at the next checkpoint, which runs in this call every {@code checkpointEvery} blocks.
   *
   * @throws IOException when the checkpoint fails, or the journal is closed
   */
  public void record(long block) throws IOException {
    int[] batch = null;
    int n = 0;
    synchronized (stageLock) {
      if (closed) {
        throw new IOException("the resume journal " + path + " is closed");
      }
      staged[stagedCount++] = (int) block;
      if (stagedCount >= checkpointEvery) {
        batch = staged;
        n = stagedCount;
        staged = new int[checkpointEvery];
        stagedCount = 0;
      }
    }
    if (batch != null) {
      commit(batch, n);
    }
  }

  /** Makes every block recorded so far durable: forces the data, then appends and forces the journal. */
  public void checkpoint() throws IOException {
    int[] batch;
    int n;
    synchronized (stageLock) {
      batch = staged;
      n = stagedCount;
      staged = new int[checkpointEvery];
      stagedCount = 0;
    }
    commit(batch, n);
  }

  /**
   * Forces the data, then journals {@code batch}. Every block in it was written before it was
   * recorded, so forcing the data now covers all of them.
   */
  private void commit(int[] batch, int n) throws IOException {
    if (n == 0) {
      return;
    }
    synchronized (checkpointLock) {
      dataSync.force();
      ByteBuffer b = ByteBuffer.allocate(n * 4);
      for (int i = 0; i < n; i++) {
        b.putInt(batch[i]);
      }
      b.flip();
      while (b.hasRemaining()) {
        out.write(b);
      }
      out.force(true);
    }
  }

  /** Deletes the journal (the download is complete and the caller forced the data). */
  public void finish() throws IOException {
    synchronized (stageLock) {
      closed = true;
    }
    try {
      out.close();
      Files.deleteIfExists(path);
    } finally {
      data.close();
    }
  }

  /** Checkpoints what was recorded (so a resumed download skips it) and closes the journal. */
  @Override
  public void close() throws IOException {
    synchronized (stageLock) {
      if (closed) {
        return;
      }
    }
    try {
      checkpoint();
    } finally {
      synchronized (stageLock) {
        closed = true;
      }
      try {
        out.close();
      } finally {
        data.close();
      }
    }
  }
}

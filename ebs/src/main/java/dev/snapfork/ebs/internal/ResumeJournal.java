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
 * the snapshot id on the first line, then one 4-byte block index per block written (appended
 * after the block's data was written). A later download of the same snapshot to the same target
 * skips these blocks. Deleted when the download completes.
 */
public final class ResumeJournal implements AutoCloseable {
  private final Path path;
  private final FileChannel out;
  private final BitSet done;

  private ResumeJournal(Path path, FileChannel out, BitSet done) {
    this.path = path;
    this.out = out;
    this.done = done;
  }

  public static Path pathFor(Path target) {
    return target.resolveSibling(target.getFileName() + ".snapfork-download");
  }

  /**
   * Opens the journal for {@code target}: with {@code resume} and a journal of the same
   * snapshot, its blocks count as done; otherwise a fresh journal.
   */
  public static ResumeJournal open(Path target, String snapshotId, boolean resume) throws IOException {
    Path p = pathFor(target);
    BitSet done = new BitSet();
    boolean reuse = false;
    if (resume && Files.exists(p)) {
      try (InputStream raw = Files.newInputStream(p); DataInputStream in = new DataInputStream(raw)) {
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
          header.append((char) c);
        }
        if (header.toString().equals(snapshotId)) {
          reuse = true;
          try {
            while (true) {
              done.set(in.readInt());
            }
          } catch (EOFException end) {
            // a torn last record is ignored: that block is fetched again
          }
        }
      }
    }
    FileChannel ch;
    if (reuse) {
      ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      long whole = 1 + snapshotId.length() + (long) done.cardinality() * 4;
      ch.truncate(Math.min(ch.size(), whole));
    } else {
      ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      ch.write(ByteBuffer.wrap((snapshotId + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
    return new ResumeJournal(p, ch, done);
  }

  /** Whether the journal was reused (blocks are already done). */
  public boolean isDone(long block) {
    return done.get((int) block);
  }

  public int doneCount() {
    return done.cardinality();
  }

  /** Records a finished block. */
  public synchronized void record(long block) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4).putInt((int) block);
    b.flip();
    while (b.hasRemaining()) {
      out.write(b);
    }
  }

  /** Deletes the journal (the download is complete). */
  public void finish() throws IOException {
    out.close();
    Files.deleteIfExists(path);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

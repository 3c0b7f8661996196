package dev.snapfork.ebs.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.ebs.BlockChecksumException;
import dev.snapfork.ebs.DownloadResult;
import dev.snapfork.ebs.TransferProgress;
import dev.snapfork.spi.Backoff;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;

/**
 * Downloads a completed snapshot into a file or block device: lists written blocks page by page,
 * fetches them with bounded, adaptive concurrency into a fixed pool of block buffers (peak heap
 * about concurrency x 512 KiB, whatever the snapshot size), verifies each block's SHA-256, writes
 * it at its offset, and records it in a {@link ResumeJournal}. Unwritten blocks, and all-zero
 * blocks in a regular file, stay holes.
 */
public final class DownloadJob {
  public static final int BLOCK = 524288;

  private final EbsClient ebs;
  private final BlockIo io;
  private final int concurrency;
  private final Backoff backoff;
  private final int listPageSize;

  public DownloadJob(EbsClient ebs, BlockIo io, int concurrency, Backoff backoff, int listPageSize) {
    this.ebs = ebs;
    this.io = io;
    this.concurrency = concurrency;
    this.backoff = backoff;
    this.listPageSize = listPageSize;
  }

  public DownloadResult run(Snapshot snapshot, Path target, boolean resume, TransferProgress progress) {
    String id = snapshot.id();
    if (!snapshot.ready()) {
      throw new BackendFailureException("snapshot " + id + " is " + snapshot.state() + "; only completed snapshots can be read", null,
          !snapshot.state().isTerminalFailure());
    }
    long volumeBytes = snapshot.sizeBytes().orElse(0);
    boolean regular = !Files.exists(target) || Files.isRegularFile(target);
    if (Files.isDirectory(target)) {
      throw new InvalidRequestException("target", "must be a file or block device, got directory " + target);
    }
    AdaptiveLimiter limiter = new AdaptiveLimiter(concurrency);
    BlockCalls calls = new BlockCalls(limiter, backoff, 10);
    BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(concurrency);
    AtomicReference<SnapshotException> failure = new AtomicReference<>();
    AtomicLong written = new AtomicLong();
    AtomicLong sparse = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "snapfork-ebs-download");
      t.setDaemon(true);
      return t;
    });
    try (ResumeJournal journal = ResumeJournal.open(target, id, resume);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      int resumed = journal.doneCount();
      if (regular) {
        if (resumed == 0) {
          out.truncate(0);
        }
        try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
          raf.setLength(volumeBytes);
        }
      }
      for (int i = 0; i < concurrency; i++) {
        buffers.add(new byte[BLOCK]);
      }
      String token = null;
      do {
        String t = token;
        ListSnapshotBlocksResponse page = calls.run("ListSnapshotBlocks", id, -1,
            () -> ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(listPageSize).nextToken(t)));
        for (Block block : page.blocks()) {
          if (failure.get() != null) {
            break;
          }
          long index = block.blockIndex();
          if (journal.isDone(index)) {
            continue;
          }
          limiter.acquire();
          pool.execute(() -> {
            byte[] buf = buffers.poll();
            try {
              if (failure.get() != null) {
                return;
              }
              fetch(calls, id, index, block.blockToken(), buf);
              if (regular && Sha.allZero(buf, BLOCK)) {
                sparse.incrementAndGet();
              } else {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, BLOCK);
                long pos = index * BLOCK;
                while (bb.hasRemaining()) {
                  pos += out.write(bb, pos);
                }
              }
              journal.record(index);
              progress.onProgress(written.incrementAndGet(), bytes.addAndGet(BLOCK));
            } catch (SnapshotException e) {
              failure.compareAndSet(null, e);
            } catch (IOException e) {
              failure.compareAndSet(null, new BackendFailureException("writing block " + index + " to " + target + " failed: " + e, e));
            } catch (RuntimeException e) {
              failure.compareAndSet(null, new BackendFailureException("block " + index + " failed: " + e, e));
            } finally {
              buffers.add(buf);
              limiter.release();
            }
          });
        }
        token = page.nextToken();
      } while (token != null && !token.isEmpty() && failure.get() == null);
      limiter.drain();
      if (failure.get() != null) {
        throw failure.get();
      }
      out.force(true);
      journal.finish();
      return new DownloadResult(id, volumeBytes, written.get(), resumed, sparse.get(), limiter.throttles(), limiter.lowest());
    } catch (IOException e) {
      throw new BackendFailureException("download of " + id + " to " + target + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while downloading " + id + "; rerun with resume to continue", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Fetches one block into {@code buf} and verifies it, re-fetching once on a mismatch. */
  private void fetch(BlockCalls calls, String id, long index, String token, byte[] buf) {
    for (int attempt = 0; ; attempt++) {
      String expected = calls.run("GetSnapshotBlock", id, index, () -> io.get(id, index, token, buf));
      String actual = Sha.base64(Sha.digest(buf, BLOCK));
      if (actual.equals(expected)) {
        return;
      }
      if (attempt >= 1) {
        throw new BlockChecksumException(id, index, expected, actual);
      }
    }
  }
}

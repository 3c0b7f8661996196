package dev.snapfork.ebs;

import dev.snapfork.spi.Checks;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Snapshot;
import dev.snapfork.ebs.internal.AdaptiveLimiter;
import dev.snapfork.ebs.internal.BlockCalls;
import dev.snapfork.ebs.internal.BlockIo;
import dev.snapfork.ebs.internal.DownloadJob;
import dev.snapfork.ebs.internal.EbsRules;
import dev.snapfork.ebs.internal.SnapshotOps;
import dev.snapfork.ebs.internal.UploadJob;
import dev.snapfork.spi.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksResponse;

/**
 * Block-level data of EBS snapshots through the EBS direct APIs: download a completed snapshot to
 * a file or block device, upload a file or device as a new snapshot (optionally incremental), and
 * list the blocks changed between two snapshots of one lineage. Obtain it from
 * {@link EbsSnapshotProvider#blocks()}. Block size is 512 KiB. Transfers run with bounded
 * concurrency that halves under throttling and recovers; every block is checked with SHA-256.
 * Thread-safe; transfers may run concurrently.
 */
public final class EbsBlockData implements AutoCloseable {
  /** EBS's block size in bytes. */
  public static final int BLOCK_SIZE = DownloadJob.BLOCK;

  private final EbsClient ebs;
  private final BlockIo io;
  private final SnapshotOps snapshots;
  private final int concurrency;
  private final Duration consistencyGrace;
  private final Backoff retry;
  private final int listPageSize;

  EbsBlockData(EbsClient ebs, BlockIo io, SnapshotOps snapshots, int concurrency, Duration consistencyGrace, Backoff retry,
      int listPageSize) {
    this.ebs = ebs;
    this.io = io;
    this.snapshots = snapshots;
    this.concurrency = concurrency;
    this.consistencyGrace = consistencyGrace;
    this.retry = retry;
    this.listPageSize = listPageSize;
  }

  /**
   * Downloads a completed snapshot into {@code target} (created if missing; a regular file is
   * sized to the volume and left sparse where the snapshot has no data). With {@code resume}, a
   * partial download of the same snapshot to the same target continues where it stopped.
   *
   * @throws InvalidRequestException for a malformed id or a directory target, before any call
   * @throws dev.snapfork.NotFoundException when the snapshot does not exist
   * @throws dev.snapfork.BackendFailureException when it is not completed, or a write fails
   * @throws BlockChecksumException when a block fails its SHA-256 check twice
   * @throws dev.snapfork.RateLimitedException when throttling persists through the retries
   */
  public DownloadResult download(String snapshotId, Path target, boolean resume, TransferProgress progress) {
    EbsRules.snapshotId("snapshotId", snapshotId);
    Checks.notNull("target", target);
    if (java.nio.file.Files.isDirectory(target)) {
      throw new InvalidRequestException("target", "must be a file or block device, got directory " + target);
    }
    Snapshot s = snapshots.get(snapshotId);
    return new DownloadJob(ebs, io, concurrency, retry, listPageSize).run(s, target, resume, progress == null ? TransferProgress.NONE : progress);
  }

  /**
   * Uploads a file or device as a new snapshot and completes it.
   *
   * @throws InvalidRequestException for a missing source, a volume size below the source's, a
   *     malformed parent id, more than 50 tags or {@code aws:} keys, before any call
   * @throws dev.snapfork.BackendFailureException when a block cannot be written: the snapshot is
   *     then left uncompleted (never completed with missing blocks)
   */
  public UploadResult upload(UploadRequest request) {
    Checks.notNull("request", request);
    UploadJob.validate(request);
    UploadResult result = new UploadJob(ebs, io, concurrency, retry, consistencyGrace).run(request);
    snapshots.recent().record(result.snapshotId());
    return result;
  }

  /**
   * The blocks that differ between {@code firstSnapshotId} (may be null: every written block of
   * the second) and {@code secondSnapshotId}, in index order, fetched page by page as consumed.
   *
   * @throws InvalidRequestException for malformed ids, before any call
   */
  public Stream<ChangedBlock> changedBlocks(String firstSnapshotId, String secondSnapshotId) {
    if (firstSnapshotId != null) {
      EbsRules.snapshotId("firstSnapshotId", firstSnapshotId);
    }
    EbsRules.snapshotId("secondSnapshotId", secondSnapshotId);
    BlockCalls calls = new BlockCalls(new AdaptiveLimiter(1), retry, 10);
    Iterator<ChangedBlock> it = new Iterator<>() {
      private Iterator<ChangedBlock> page = List.<ChangedBlock>of().iterator();
      private String token;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !done) {
          String t = token;
          ListChangedBlocksResponse r = calls.run("ListChangedBlocks", secondSnapshotId, -1, () -> ebs.listChangedBlocks(b -> b
              .firstSnapshotId(firstSnapshotId).secondSnapshotId(secondSnapshotId).maxResults(listPageSize).nextToken(t)));
          page = r.changedBlocks().stream()
              .map(c -> new ChangedBlock(c.blockIndex(), c.firstBlockToken() != null, c.secondBlockToken() != null)).iterator();
          token = r.nextToken();
          done = token == null || token.isEmpty();
        }
        return page.hasNext();
      }

      @Override
      public ChangedBlock next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Closes the block transport's connections (called by the provider's {@code close}). */
  @Override
  public void close() {
    io.close();
  }
}

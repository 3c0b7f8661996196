package dev.snapfork.ebs.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.SnapshotException;
import dev.snapfork.ebs.UploadRequest;
import dev.snapfork.ebs.UploadResult;
import dev.snapfork.spi.Backoff;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Tag;

/**
 * Uploads a file or block device as a new snapshot: StartSnapshot (ClientToken = request id),
 * parallel PutSnapshotBlock with SHA-256 under an adaptive concurrency limit, then
 * CompleteSnapshot with the linear aggregate checksum. All-zero blocks are skipped without a
 * parent; with a parent only changed blocks are sent. If any block fails, CompleteSnapshot is
 * never called: the snapshot stays pending and EBS fails it after the request's timeout.
 */
public final class UploadJob {
  public static final int BLOCK = DownloadJob.BLOCK;

  private final EbsClient ebs;
  private final BlockIo io;
  private final int concurrency;
  private final Backoff backoff;
  private final Duration grace;

  public UploadJob(EbsClient ebs, BlockIo io, int concurrency, Backoff backoff, Duration grace) {
    this.ebs = ebs;
    this.io = io;
    this.concurrency = concurrency;
    this.backoff = backoff;
    this.grace = grace;
  }

  /** Checks everything that can be checked locally, before any call. */
  public static long validate(UploadRequest request) {
    Path source = request.source();
    if (!Files.exists(source) || Files.isDirectory(source)) {
      throw new InvalidRequestException("source", "must be an existing file or block device, got " + source);
    }
    request.parentSnapshotId().ifPresent(p -> EbsRules.snapshotId("parentSnapshotId", p));
    request.parentContent().ifPresent(p -> {
      if (!Files.isReadable(p)) {
        throw new InvalidRequestException("parentContent", "must be a readable file, got " + p);
      }
    });
    EbsRules.tags("labels", request.labels(), request.labels().size() + 3);
    long size;
    try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
      size = ch.size();
    } catch (IOException e) {
      throw new InvalidRequestException("source", "cannot be read: " + e.getMessage(), e);
    }
    long needGib = Math.max(1, (size + Mapping.GIB - 1) / Mapping.GIB);
    if (request.volumeSizeGib().isPresent() && request.volumeSizeGib().getAsInt() < needGib) {
      throw new InvalidRequestException("volumeSizeGib", "must hold the source's " + size + " bytes (at least " + needGib
          + " GiB), got " + request.volumeSizeGib().getAsInt());
    }
    return size;
  }

  public UploadResult run(UploadRequest request) {
    long size = validate(request);
    int volumeGib = request.volumeSizeGib().orElse((int) Math.max(1, (size + Mapping.GIB - 1) / Mapping.GIB));
    Map<String, String> labels = new LinkedHashMap<>(request.labels());
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.REQUEST_ID, request.requestId());
    labels.put(EbsRules.NAME_TAG, request.name().orElse("snapfork-" + request.requestId()));
    List<Tag> tags = labels.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    AdaptiveLimiter limiter = new AdaptiveLimiter(concurrency);
    BlockCalls start = new BlockCalls(limiter, backoff, 10);
    StartSnapshotResponse started = start.run("StartSnapshot", null, -1, () -> ebs.startSnapshot(b -> b
        .volumeSize((long) volumeGib).parentSnapshotId(request.parentSnapshotId().orElse(null)).tags(tags)
        .description(request.description().orElse("snapfork upload of " + request.source().getFileName()))
        .clientToken(VolumeOps.clientToken(request.requestId())).timeout(request.timeoutMinutes())));
    String id = started.snapshotId();
    if ("completed".equals(started.statusAsString())) {
      return new UploadResult(id, 0, 0, 0, concurrency);
    }
    BlockCalls calls = new BlockCalls(limiter, backoff, 12, grace);
    long blocks = (size + BLOCK - 1) / BLOCK;
    BitSet changed = request.changedBlocks().orElse(null);
    boolean hasParent = request.parentSnapshotId().isPresent();
    BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(concurrency * 2);
    ConcurrentSkipListMap<Long, byte[]> checksums = new ConcurrentSkipListMap<>();
    AtomicReference<SnapshotException> failure = new AtomicReference<>();
    AtomicLong sent = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "snapfork-ebs-upload");
      t.setDaemon(true);
      return t;
    });
    try (FileChannel in = FileChannel.open(request.source(), StandardOpenOption.READ);
        FileChannel base = request.parentContent().isPresent() ? FileChannel.open(request.parentContent().get(), StandardOpenOption.READ) : null) {
      for (int i = 0; i < concurrency * 2; i++) {
        buffers.add(new byte[BLOCK]);
      }
      for (long index = 0; index < blocks && failure.get() == null; index++) {
        if (changed != null && !changed.get((int) index)) {
          skipped.incrementAndGet();
          continue;
        }
        long block = index;
        limiter.acquire();
        pool.execute(() -> {
          byte[] buf = buffers.poll();
          byte[] other = base == null ? null : buffers.poll();
          try {
            if (failure.get() != null) {
              return;
            }
            read(in, block, buf, size);
            if (other != null) {
              read(base, block, other, base.size());
              if (Arrays.equals(buf, other)) {
                skipped.incrementAndGet();
                return;
              }
            } else if (!hasParent && Sha.allZero(buf, BLOCK)) {
              skipped.incrementAndGet();
              return;
            }
            byte[] sum = Sha.digest(buf, BLOCK);
            int percent = (int) Math.min(100, block * 100 / Math.max(1, blocks));
            calls.run("PutSnapshotBlock", id, block, () -> {
              io.put(id, block, buf, sum, percent);
              return null;
            });
            checksums.put(block, sum);
            request.progress().onProgress(sent.incrementAndGet(), bytes.addAndGet(BLOCK));
          } catch (SnapshotException e) {
            failure.compareAndSet(null, e);
          } catch (IOException e) {
            failure.compareAndSet(null, new BackendFailureException("reading block " + block + " of " + request.source() + " failed: " + e, e));
          } catch (RuntimeException e) {
            failure.compareAndSet(null, new BackendFailureException("block " + block + " failed: " + e, e));
          } finally {
            buffers.add(buf);
            if (other != null) {
              buffers.add(other);
            }
            limiter.release();
          }
        });
      }
      limiter.drain();
      if (failure.get() != null) {
        SnapshotException f = failure.get();
        throw new BackendFailureException("upload to snapshot " + id + " failed and was not completed (EBS fails it after "
            + request.timeoutMinutes() + " minutes): " + f.getMessage(), f, f.retryable());
      }
      ByteArrayOutputStream all = new ByteArrayOutputStream(checksums.size() * 32);
      checksums.values().forEach(all::writeBytes);
      String aggregate = Sha.base64(Sha.digest(all.toByteArray(), all.size()));
      int count = checksums.size();
      calls.run("CompleteSnapshot", id, -1, () -> ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(count)
          .checksum(aggregate).checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumAggregationMethod(ChecksumAggregationMethod.LINEAR)));
      return new UploadResult(id, count, skipped.get(), limiter.throttles(), limiter.lowest());
    } catch (IOException e) {
      throw new BackendFailureException("upload of " + request.source() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while uploading to " + id + "; the snapshot was not completed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reads block {@code index} (zero-padded past the end of the source). */
  private static void read(FileChannel ch, long index, byte[] buf, long size) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf);
    long pos = index * BLOCK;
    while (bb.hasRemaining() && pos < size) {
      int n = ch.read(bb, pos);
      if (n < 0) {
        break;
      }
      pos += n;
    }
    if (bb.hasRemaining()) {
      Arrays.fill(buf, bb.position(), buf.length, (byte) 0);
    }
  }
}

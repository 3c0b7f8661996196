package dev.snapfork.ebs;

import dev.snapfork.ebs.internal.SnapshotOps;
import dev.snapfork.spi.Backoff;
import java.time.Duration;
import software.amazon.awssdk.services.ebs.EbsClient;

/**
 * Block-level data of EBS snapshots through the EBS direct APIs. Obtain it from
 * {@link EbsSnapshotProvider#blocks()}.
 */
public final class EbsBlockData implements AutoCloseable {
  private final EbsClient ebs;
  private final SnapshotOps snapshots;
  private final int concurrency;
  private final Duration consistencyGrace;
  private final Backoff retry;

  EbsBlockData(EbsClient ebs, SnapshotOps snapshots, int concurrency, Duration consistencyGrace, Backoff retry) {
    this.ebs = ebs;
    this.snapshots = snapshots;
    this.concurrency = concurrency;
    this.consistencyGrace = consistencyGrace;
    this.retry = retry;
  }

  @Override
  public void close() {}
}

package dev.snapfork.ebs;

import dev.snapfork.BackendFailureException;

/**
 * A block's data did not match its SHA-256 checksum (after one re-fetch). The download stops;
 * nothing corrupt is written. Not retryable as such: the data at the source is suspect.
 */
public final class BlockChecksumException extends BackendFailureException {
  private static final long serialVersionUID = 1L;
  private final String snapshotId;
  private final long blockIndex;

  public BlockChecksumException(String snapshotId, long blockIndex, String expected, String actual) {
    super("block " + blockIndex + " of snapshot " + snapshotId + " is corrupt: SHA-256 " + actual
        + " does not match the checksum EBS sent, " + expected, null);
    this.snapshotId = snapshotId;
    this.blockIndex = blockIndex;
  }

  /** The snapshot whose block is corrupt. */
  public String snapshotId() {
    return snapshotId;
  }

  /** The corrupt block's index. */
  public long blockIndex() {
    return blockIndex;
  }
}

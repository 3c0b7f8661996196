package dev.snapfork.ebs;

/**
 * Progress of a block download or upload, called from transfer threads after each block (keep it
 * quick and thread-safe).
 */
@FunctionalInterface
public interface TransferProgress {
  /** Ignores progress. */
  TransferProgress NONE = (blocks, bytes) -> {};

  /**
   * @param blocksDone blocks transferred so far in this run (resumed blocks not counted)
   * @param bytesDone bytes transferred so far in this run
   */
  void onProgress(long blocksDone, long bytesDone);
}

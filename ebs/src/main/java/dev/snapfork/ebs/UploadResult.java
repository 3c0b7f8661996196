package dev.snapfork.ebs;

/**
 * What an upload did.
 *
 * @param snapshotId the new, completed snapshot
 * @param blocksWritten blocks sent with PutSnapshotBlock
 * @param blocksSkipped blocks not sent (all zero without a parent, or unchanged from the parent)
 * @param throttled how many block calls AWS throttled
 * @param lowestConcurrency the lowest concurrency the transfer fell to under throttling
 */
public record UploadResult(String snapshotId, long blocksWritten, long blocksSkipped, long throttled, int lowestConcurrency) {}

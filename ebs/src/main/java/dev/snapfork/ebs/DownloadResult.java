package dev.snapfork.ebs;

/**
 * What a download did.
 *
 * @param snapshotId the snapshot read
 * @param volumeSizeBytes the snapshot's volume size (the target's size)
 * @param blocksWritten blocks fetched and written in this run
 * @param blocksResumed blocks already present from an earlier, interrupted run
 * @param blocksLeftSparse written-but-all-zero blocks left as holes in a regular file
 * @param throttled how many block calls AWS throttled
 * @param lowestConcurrency the lowest concurrency the transfer fell to under throttling
 */
public record DownloadResult(String snapshotId, long volumeSizeBytes, long blocksWritten, long blocksResumed,
    long blocksLeftSparse, long throttled, int lowestConcurrency) {}

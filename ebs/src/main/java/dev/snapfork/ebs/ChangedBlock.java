package dev.snapfork.ebs;

/**
 * A block that differs between two snapshots of one lineage.
 *
 * @param index the block index (block size 512 KiB)
 * @param inFirst whether the first snapshot has data in this block
 * @param inSecond whether the second snapshot has data in this block
 */
public record ChangedBlock(long index, boolean inFirst, boolean inSecond) {}

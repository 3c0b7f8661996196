package dev.snapfork.testkit;

import dev.snapfork.VolumeRef;

/**
 * Reads and writes a volume's bytes, for the data-level tests of the compatibility kit (clone
 * independence, restore). A backend's test fixture implements it by whatever means its test
 * environment gives (a file in a directory, a block device, an in-memory array). Only the first
 * few bytes of a volume are used.
 *
 * <p>Implementations throw {@link dev.snapfork.NotFoundException} for a missing volume and may
 * throw any {@link dev.snapfork.SnapshotException} when the backend fails.
 */
public interface VolumeData {

  /** Writes {@code data} at the start of {@code volume}, overwriting what was there. */
  void write(VolumeRef volume, byte[] data);

  /** Reads the first {@code length} bytes of {@code volume}. */
  byte[] read(VolumeRef volume, int length);
}

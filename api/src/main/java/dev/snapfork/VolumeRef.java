package dev.snapfork;

import dev.snapfork.spi.Checks;

/**
 * A reference to a volume, in the backend's own terms: a directory name for {@code local}, a
 * volume id or name for Portworx, {@code namespace/pvc} for CSI, a volume id ({@code vol-...}) for
 * EBS.
 *
 * @param id the backend's volume reference; never blank
 */
public record VolumeRef(String id) {
  /** @throws InvalidRequestException when {@code id} is null or blank */
  public VolumeRef {
    Checks.notBlank("volume", id);
  }

  /** Same as {@code new VolumeRef(id)}. */
  public static VolumeRef of(String id) {
    return new VolumeRef(id);
  }

  @Override
  public String toString() {
    return id;
  }
}

package dev.snapfork;

/** The provider does not support the operation (see {@link SnapshotProvider#capabilities()}). */
public class UnsupportedCapabilityException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final Capability capability;

  public UnsupportedCapabilityException(String provider, Capability capability) {
    super("provider '" + provider + "' does not support " + capability, null, false);
    this.capability = capability;
  }

  /** The capability that is missing. */
  public Capability capability() {
    return capability;
  }
}

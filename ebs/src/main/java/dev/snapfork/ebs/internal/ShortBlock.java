package dev.snapfork.ebs.internal;

/**
 * A GetSnapshotBlock answer that carried fewer bytes than a block: either the body ended cleanly
 * short of the block (the server sent a short block, whatever length it declared) or reading it
 * failed part-way, e.g. the connection closed before the declared {@code Content-Length}
 * arrived ({@link #truncated()}).
 * Thrown by the block transports (as the cause of an SDK client exception), read by
 * {@link AwsErrors} and {@link BlockCalls}, never seen by callers.
 */
public final class ShortBlock extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long received;
  private final long expected;
  private final boolean truncated;

  /**
   * @param received bytes read
   * @param expected the block size
   * @param declared the length the server declared ({@code Content-Length}, else {@code x-amz-Data-Length}), -1 if none
   * @param transfer what ended the body early (null when the body ended where the server said it would)
   */
  ShortBlock(String snapshotId, long index, long received, long expected, long declared, Throwable transfer) {
    super(text(snapshotId, index, received, expected, declared, transfer), transfer);
    this.received = received;
    this.expected = expected;
    this.truncated = transfer != null;
  }

  private static String text(String snapshotId, long index, long received, long expected, long declared, Throwable transfer) {
    String head = "GetSnapshotBlock of block " + index + " of " + snapshotId + ": the server answered HTTP 200 but ";
    String length = declared >= 0 ? " (declared length " + declared + ")" : "";
    if (transfer != null) {
      return head + "the body broke off after " + received + " of " + expected + " bytes" + length + " (truncated in transit: "
          + transfer.getMessage() + ")";
    }
    return head + "sent a short block: " + received + " of " + expected + " bytes" + length;
  }

  /** Bytes received. */
  public long received() {
    return received;
  }

  /** The block size. */
  public long expected() {
    return expected;
  }

  /** Whether the body broke off in transit (a transfer failure, worth retrying) rather than ending short. */
  public boolean truncated() {
    return truncated;
  }
}

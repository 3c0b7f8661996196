package dev.snapfork.ebs.internal;

/**
 * One block read or write against the EBS direct API. Implementations throw the AWS SDK's
 * exception types ({@link software.amazon.awssdk.awscore.exception.AwsServiceException} for an
 * AWS error answer, {@link software.amazon.awssdk.core.exception.SdkClientException} when no
 * answer came), so {@link BlockCalls} and {@link AwsErrors} treat both transports alike.
 */
public interface BlockIo extends AutoCloseable {
  /**
   * Reads block {@code index} of {@code snapshotId} into {@code buf} (exactly 512 KiB).
   *
   * @return the base64 SHA-256 AWS sent in {@code x-amz-Checksum} (checked by the caller)
   */
  String get(String snapshotId, long index, String blockToken, byte[] buf);

  /**
   * Writes {@code buf} (512 KiB) as block {@code index} of a pending snapshot.
   *
   * @param sha256 the raw SHA-256 of {@code buf}
   * @param progress the upload's percentage, sent as {@code x-amz-Progress}
   */
  void put(String snapshotId, long index, byte[] buf, byte[] sha256, int progress);

  @Override
  void close();
}

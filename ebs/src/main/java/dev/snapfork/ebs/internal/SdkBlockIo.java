package dev.snapfork.ebs.internal;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;

/** Block calls through the AWS SDK's {@link EbsClient} (the {@code sdk} block transport). */
public final class SdkBlockIo implements BlockIo {
  private final EbsClient ebs;

  public SdkBlockIo(EbsClient ebs) {
    this.ebs = ebs;
  }

  @Override
  public String get(String snapshotId, long index, String blockToken, byte[] buf) {
    GetSnapshotBlockResponse r = ebs.getSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex((int) index).blockToken(blockToken),
        (resp, in) -> {
          readBlock(in, buf, snapshotId, index, declared(resp));
          return resp;
        });
    return r.checksum();
  }

  @Override
  public void put(String snapshotId, long index, byte[] buf, byte[] sha256, int progress) {
    ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex((int) index).dataLength(buf.length).checksum(Sha.base64(sha256))
        .checksumAlgorithm(ChecksumAlgorithm.SHA256).progress(progress),
        RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(buf), buf.length, "application/octet-stream"));
  }

  /**
   * Reads exactly {@code buf.length} bytes. A body that ends early, or breaks off mid-way, is a
   * {@link ShortBlock} (the cause of the thrown {@link SdkClientException}), with the figures.
   *
   * @param declared the body length the server declared, or -1
   */
  static void readBlock(InputStream in, byte[] buf, String snapshotId, long index, long declared) {
    int off = 0;
    try {
      int n;
      while (off < buf.length && (n = in.read(buf, off, buf.length - off)) > 0) {
        off += n;
      }
    } catch (IOException e) {
      throw shortBlock(new ShortBlock(snapshotId, index, off, buf.length, declared, e));
    }
    if (off != buf.length) {
      throw shortBlock(new ShortBlock(snapshotId, index, off, buf.length, declared, null));
    }
  }

  /** The body length the answer declared: {@code Content-Length}, else {@code x-amz-Data-Length}, else -1. */
  private static long declared(GetSnapshotBlockResponse resp) {
    try {
      return resp.sdkHttpResponse().firstMatchingHeader("Content-Length").map(v -> Long.parseLong(v.trim()))
          .orElse(resp.dataLength() == null ? -1L : resp.dataLength());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static SdkClientException shortBlock(ShortBlock s) {
    return SdkClientException.builder().message(s.getMessage()).cause(s).build();
  }

  @Override
  public void close() {
    // the EbsClient belongs to the provider
  }
}

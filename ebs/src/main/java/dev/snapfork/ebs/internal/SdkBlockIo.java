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
          readBlock(in, buf, snapshotId, index);
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

  /** Reads exactly {@code buf.length} bytes; a shorter body is a transport failure (retried). */
  static void readBlock(InputStream in, byte[] buf, String snapshotId, long index) {
    int off = 0;
    try {
      int n;
      while (off < buf.length && (n = in.read(buf, off, buf.length - off)) > 0) {
        off += n;
      }
    } catch (IOException e) {
      throw SdkClientException.create("reading block " + index + " of " + snapshotId + " failed: " + e, e);
    }
    if (off != buf.length) {
      throw SdkClientException.create("block " + index + " of " + snapshotId + " ended after " + off + " of " + buf.length + " bytes");
    }
  }

  @Override
  public void close() {
    // the EbsClient belongs to the provider
  }
}

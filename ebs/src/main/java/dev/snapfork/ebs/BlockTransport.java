package dev.snapfork.ebs;

/**
 * How block data travels for {@link EbsBlockData} (GetSnapshotBlock and PutSnapshotBlock, the
 * calls made once per 512 KiB block). Snapshot and listing calls always go through the AWS SDK
 * clients. Config key {@code snapfork.ebs.block-transport} ({@code direct} or {@code sdk}).
 */
public enum BlockTransport {
  /**
   * The default: signed HTTP requests on a pooled Apache HttpClient, signed with AWS Signature
   * Version 4 by this module using the block's SHA-256 (already computed for
   * {@code x-amz-Checksum}) as the payload hash. Region and credentials come from the same chains
   * as the SDK clients; the endpoint is the override or the SDK's own endpoint rules for the
   * region, honouring the SDK's FIPS and dual-stack settings. Costs less CPU per block than the
   * SDK's request pipeline (see the benchmarks README). No clock-skew correction.
   * Not available with injected clients ({@code Builder.clients}).
   */
  DIRECT,
  /**
   * Every block call through the AWS SDK's {@code EbsClient} (interceptors, metrics, whatever
   * the client was configured with). Used with injected clients.
   */
  SDK
}

package dev.snapfork.ebs;

/** Every {@link BlockDataTest} again, with block calls through the AWS SDK's EbsClient. */
class SdkTransportBlockDataTest extends BlockDataTest {
  @Override
  BlockTransport transport() {
    return BlockTransport.SDK;
  }
}

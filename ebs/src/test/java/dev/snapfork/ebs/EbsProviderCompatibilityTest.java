package dev.snapfork.ebs;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.ebs.fake.FakeAws;
import dev.snapfork.ebs.fake.FakeAwsServer;
import dev.snapfork.testkit.SnapshotProviderCompatibilityKit;
import dev.snapfork.testkit.VolumeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compatibility kit against the fake EC2/EBS endpoints. Source volumes are unattached (so a
 * forced delete works, as on AWS), which makes the kit's group tests take the per-volume path of
 * createGroup; the CreateSnapshots path is tested in {@link GroupCutTest}. Volume data is read and
 * written on the fake's disks directly (the test's view of the device).
 */
class EbsProviderCompatibilityTest extends SnapshotProviderCompatibilityKit {
  @RegisterExtension static final FakeAwsServer fake = new FakeAwsServer();

  @Override
  protected SnapshotProvider createProvider() {
    return fake.provider().build();
  }

  @Override
  protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
    FakeAws.Vol v = fake.aws.newVolume(8);
    v.tags.put("Name", name);
    return VolumeRef.of(v.id);
  }

  @Override
  protected void deleteSourceVolume(SnapshotProvider provider, VolumeRef source) {
    fake.aws.volumes.remove(source.id());
  }

  @Override
  protected Optional<VolumeData> volumeData(SnapshotProvider provider) {
    return Optional.of(new VolumeData() {
      @Override
      public void write(VolumeRef volume, byte[] data) {
        byte[] block = new byte[FakeAws.BLOCK];
        System.arraycopy(data, 0, block, 0, data.length);
        fake.aws.volumes.get(volume.id()).blocks.put(0, block);
      }

      @Override
      public byte[] read(VolumeRef volume, int length) {
        byte[] block = fake.aws.volumes.get(volume.id()).blocks.getOrDefault(0, new byte[FakeAws.BLOCK]);
        return Arrays.copyOf(block, length);
      }
    });
  }

  @Override
  protected Optional<Snapshot> cutSnapshotNotReadySoon(SnapshotProvider provider, SnapshotRequest request) {
    fake.aws.holdPending.add(request.source().id());
    return Optional.of(provider.create(request));
  }

  @Override
  protected Optional<Snapshot> cutSnapshotThatFails(SnapshotProvider provider, SnapshotRequest request) {
    fake.aws.failing.add(request.source().id());
    return Optional.of(provider.create(request));
  }

  @Override
  protected Duration readyTimeout() {
    return Duration.ofSeconds(20);
  }

  @Override
  protected String missingSnapshotId() {
    return "snap-" + FakeAws.hex(17);
  }

  @Override
  protected VolumeRef missingVolume() {
    return VolumeRef.of("vol-" + FakeAws.hex(17));
  }
}

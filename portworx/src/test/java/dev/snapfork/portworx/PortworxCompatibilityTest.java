package dev.snapfork.portworx;

import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.fake.InProcessOsd;
import dev.snapfork.testkit.SnapshotProviderCompatibilityKit;
import dev.snapfork.testkit.VolumeData;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The compatibility kit against the Portworx provider talking gRPC to the in-process OpenStorage
 * server, with a bearer token required.
 */
class PortworxCompatibilityTest extends SnapshotProviderCompatibilityKit {
  private static final String TOKEN = "kit-token-" + System.nanoTime();
  private static InProcessOsd osd;

  @BeforeAll
  static void startServer() {
    osd = new InProcessOsd();
    osd.osd().auth().require(TOKEN);
    osd.adminToken(TOKEN);
  }

  @AfterAll
  static void stopServer() {
    osd.close();
  }

  @Override
  protected SnapshotProvider createProvider() {
    return osd.provider(InProcessOsd.testOptions().token(dev.snapfork.config.Secret.of(TOKEN)).build());
  }

  @Override
  protected VolumeRef createSourceVolume(SnapshotProvider provider, String name) {
    return osd.createVolume(name, 1L << 30, Map.of("app", "kit"));
  }

  @Override
  protected void deleteSourceVolume(SnapshotProvider provider, VolumeRef source) {
    osd.deleteVolume(source);
  }

  @Override
  protected Optional<VolumeData> volumeData(SnapshotProvider provider) {
    return Optional.of(new VolumeData() {
      @Override
      public void write(VolumeRef volume, byte[] data) {
        osd.osd().write(volume, data);
      }

      @Override
      public byte[] read(VolumeRef volume, int length) {
        return osd.osd().read(volume, length);
      }
    });
  }

  @Override
  protected Optional<Snapshot> cutSnapshotNotReadySoon(SnapshotProvider provider, SnapshotRequest request) {
    osd.osd().holdNextSnapshotPending();
    return Optional.of(provider.create(request));
  }

  @Override
  protected Optional<Snapshot> cutSnapshotThatFails(SnapshotProvider provider, SnapshotRequest request) {
    osd.osd().failNextSnapshot("pool out of space");
    return Optional.of(provider.create(request));
  }

  @Override
  protected Duration readyTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  protected String missingSnapshotId() {
    return "999000" + System.nanoTime();
  }

  @Override
  protected VolumeRef missingVolume() {
    return VolumeRef.of("999000" + System.nanoTime());
  }
}

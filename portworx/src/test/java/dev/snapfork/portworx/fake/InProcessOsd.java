package dev.snapfork.portworx.fake;

import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.PortworxOptions;
import dev.snapfork.portworx.PortworxSnapshotProvider;
import dev.snapfork.portworx.internal.proto.OpenStorageVolumeGrpc;
import dev.snapfork.portworx.internal.proto.SdkVolumeCreateRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeDeleteRequest;
import dev.snapfork.portworx.internal.proto.VolumeSpec;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A {@link FakeOpenStorageServer} on an in-process gRPC transport, and providers connected to it. */
public final class InProcessOsd implements AutoCloseable {
  private final String name = "osd-" + UUID.randomUUID();
  private final FakeOpenStorageServer osd = new FakeOpenStorageServer();
  private final Server server;
  private final ManagedChannel adminChannel;
  private volatile String adminToken;

  public InProcessOsd() {
    InProcessServerBuilder b = InProcessServerBuilder.forName(name).directExecutor();
    osd.services().forEach(b::addService);
    try {
      server = b.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    adminChannel = channel();
  }

  public FakeOpenStorageServer osd() {
    return osd;
  }

  /** A new in-process channel to the server. */
  public ManagedChannel channel() {
    return InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Test options: short retry delays, short deadlines. */
  public static PortworxOptions.Builder testOptions() {
    return PortworxOptions.builder()
        .retryInitialDelay(Duration.ofMillis(1))
        .retryMaxDelay(Duration.ofMillis(5))
        .callTimeout(Duration.ofSeconds(5))
        .connectTimeout(Duration.ofSeconds(5))
        .closeTimeout(Duration.ofSeconds(1));
  }

  /** A provider over a fresh channel that it owns. */
  public PortworxSnapshotProvider provider(PortworxOptions options) {
    return PortworxSnapshotProvider.overChannel(channel(), true, options);
  }

  /** A provider with {@link #testOptions()}. */
  public PortworxSnapshotProvider provider() {
    return provider(testOptions().build());
  }

  /** The token the admin stub presents (when the server requires one). */
  public void adminToken(String token) {
    this.adminToken = token;
  }

  private OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub admin() {
    OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub stub = OpenStorageVolumeGrpc.newBlockingStub(adminChannel);
    if (adminToken != null) {
      Metadata md = new Metadata();
      md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "bearer " + adminToken);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }
    return stub;
  }

  /** Creates an unmanaged volume over the wire (OpenStorageVolume.Create) and returns its id. */
  public VolumeRef createVolume(String volumeName, long size, Map<String, String> labels) {
    String id = admin().create(SdkVolumeCreateRequest.newBuilder().setName(volumeName)
        .setSpec(VolumeSpec.newBuilder().setSize(size).setHaLevel(1)).putAllLabels(labels).build()).getVolumeId();
    return VolumeRef.of(id);
  }

  /** Deletes a volume over the wire. */
  public void deleteVolume(VolumeRef ref) {
    admin().delete(SdkVolumeDeleteRequest.newBuilder().setVolumeId(ref.id()).build());
  }

  @Override
  public void close() {
    adminChannel.shutdownNow();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.snapfork.portworx.internal;

import dev.snapfork.portworx.internal.GrpcErrors.Target;
import dev.snapfork.portworx.internal.proto.OpenStorageIdentityGrpc;
import dev.snapfork.portworx.internal.proto.OpenStorageVolumeGrpc;
import dev.snapfork.portworx.internal.proto.SdkIdentityCapabilitiesRequest;
import dev.snapfork.portworx.internal.proto.SdkIdentityCapabilitiesResponse;
import dev.snapfork.portworx.internal.proto.SdkIdentityVersionRequest;
import dev.snapfork.portworx.internal.proto.SdkIdentityVersionResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeCloneRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeDeleteRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotCreateRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotEnumerateWithFiltersRequest;
import dev.snapfork.portworx.internal.proto.SdkVolumeSnapshotRestoreRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One method per OpenStorage rpc Snapfork calls: applies the per-call deadline and the bearer
 * token, and turns every gRPC failure into a Snapfork exception through {@link GrpcErrors}. No
 * retries here: operations are retried as a whole by {@link Retrier}.
 */
public final class OsdClient {
  private final OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub volumes;
  private final OpenStorageIdentityGrpc.OpenStorageIdentityBlockingStub identity;
  private final GrpcErrors errors;
  private final Duration callTimeout;

  public OsdClient(Channel channel, TokenSource tokens, Duration callTimeout) {
    Channel intercepted = ClientInterceptors.intercept(channel, new BearerTokenInterceptor(tokens));
    this.volumes = OpenStorageVolumeGrpc.newBlockingStub(intercepted);
    this.identity = OpenStorageIdentityGrpc.newBlockingStub(intercepted);
    this.errors = new GrpcErrors(tokens);
    this.callTimeout = callTimeout;
  }

  /** Identity.Version with {@code deadline}. */
  public SdkIdentityVersionResponse version(Duration deadline) {
    return call("Version", null, deadline, s -> identity.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .version(SdkIdentityVersionRequest.getDefaultInstance()));
  }

  /** Identity.Capabilities with {@code deadline}. */
  public SdkIdentityCapabilitiesResponse capabilities(Duration deadline) {
    return call("Capabilities", null, deadline, s -> identity.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
        .capabilities(SdkIdentityCapabilitiesRequest.getDefaultInstance()));
  }

  /** Volume.Inspect of a volume or snapshot id; NOT_FOUND reported as {@code target}. */
  public SdkVolumeInspectResponse inspect(String id, Target target) {
    return call("Inspect", target, callTimeout, s -> s.inspect(SdkVolumeInspectRequest.newBuilder().setVolumeId(id).build()));
  }

  /** Volume.InspectWithFilters by exact name (when not null) and labels. */
  public List<SdkVolumeInspectResponse> inspectWithFilters(String name, Map<String, String> labels) {
    SdkVolumeInspectWithFiltersRequest.Builder r = SdkVolumeInspectWithFiltersRequest.newBuilder().putAllLabels(labels);
    if (name != null) {
      r.setName(name);
    }
    return call("InspectWithFilters", null, callTimeout, s -> s.inspectWithFilters(r.build())).getVolumesList();
  }

  /** Volume.SnapshotCreate; returns the snapshot id. */
  public String snapshotCreate(String volumeId, String name, Map<String, String> labels) {
    return call("SnapshotCreate", Target.volume(volumeId), callTimeout, s -> s.snapshotCreate(
        SdkVolumeSnapshotCreateRequest.newBuilder().setVolumeId(volumeId).setName(name).putAllLabels(labels).build()))
        .getSnapshotId();
  }

  /** Volume.SnapshotEnumerateWithFilters; the ids of {@code volumeId}'s snapshots carrying {@code labels}. */
  public List<String> snapshotEnumerate(String volumeId, Map<String, String> labels) {
    return call("SnapshotEnumerateWithFilters", Target.volume(volumeId), callTimeout, s -> s.snapshotEnumerateWithFilters(
        SdkVolumeSnapshotEnumerateWithFiltersRequest.newBuilder().setVolumeId(volumeId).putAllLabels(labels).build()))
        .getVolumeSnapshotIdsList();
  }

  /** Volume.Clone; returns the new volume's id. */
  public String clone(String parentId, String name, Map<String, String> labels) {
    return call("Clone", Target.snapshot(parentId), callTimeout, s -> s.clone(
        SdkVolumeCloneRequest.newBuilder().setParentId(parentId).setName(name).putAllAdditionalLabels(labels).build()))
        .getVolumeId();
  }

  /** Volume.Delete (idempotent on the server). */
  public void delete(String id, Target target) {
    call("Delete", target, callTimeout, s -> s.delete(SdkVolumeDeleteRequest.newBuilder().setVolumeId(id).build()));
  }

  /** Volume.SnapshotRestore of {@code volumeId} to {@code snapshotId}. */
  public void snapshotRestore(String volumeId, String snapshotId) {
    call("SnapshotRestore", Target.volume(volumeId), callTimeout, s -> s.snapshotRestore(
        SdkVolumeSnapshotRestoreRequest.newBuilder().setVolumeId(volumeId).setSnapshotId(snapshotId).build()));
  }

  private <T> T call(String rpc, Target target, Duration deadline,
      Function<OpenStorageVolumeGrpc.OpenStorageVolumeBlockingStub, T> body) {
    try {
      return body.apply(volumes.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
    } catch (StatusRuntimeException e) {
      throw errors.translate(rpc, target, deadline, e);
    }
  }

  /** The translator, for callers that mask messages. */
  public GrpcErrors errors() {
    return errors;
  }
}

package dev.snapfork.portworx.internal;

import dev.snapfork.ConflictException;
import dev.snapfork.NotFoundException;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.internal.GrpcErrors.Target;
import dev.snapfork.portworx.internal.proto.SdkVolumeInspectResponse;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link VolumeRef} (a volume id or a volume name) into the inspected volume: Inspect by
 * id first, then InspectWithFilters by exact name.
 */
public final class VolumeResolver {
  private final OsdClient client;

  public VolumeResolver(OsdClient client) {
    this.client = client;
  }

  /**
   * @throws NotFoundException ({@code "volume"}, the reference) when neither id nor name matches
   * @throws ConflictException when the name matches several volumes
   */
  public SdkVolumeInspectResponse resolve(VolumeRef ref) {
    try {
      return client.inspect(ref.id(), Target.volume(ref.id()));
    } catch (NotFoundException byId) {
      List<SdkVolumeInspectResponse> byName = client.inspectWithFilters(ref.id(), Map.of()).stream()
          .filter(r -> ref.id().equals(VolumeMapper.name(r)))
          .toList();
      if (byName.isEmpty()) {
        throw new NotFoundException("volume", ref.id(), "no volume has this id or name", null);
      }
      if (byName.size() > 1) {
        throw new ConflictException("volume name '" + ref.id() + "' matches " + byName.size() + " volumes; use the volume id", null, false);
      }
      return byName.get(0);
    }
  }
}

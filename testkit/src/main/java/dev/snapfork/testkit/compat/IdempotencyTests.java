package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Compatibility kit: a retried create or clone with the same request id makes no duplicate. */
public interface IdempotencyTests extends KitTest {

  @Test
  default void idempotency_retryOfTheSameRequestReturnsTheSameSnapshot() {
    VolumeRef source = kit().newSource();
    SnapshotRequest request = kit().request(source).build();
    Snapshot first = kit().create(request);
    Snapshot retry = kit().create(request);
    assertThat(retry.id()).as("id of the retried create").isEqualTo(first.id());
    assertThat(kit().listIds(kit().scoped(source).withLabel(Labels.REQUEST_ID, request.requestId())))
        .as("snapshots carrying the request id").containsExactly(first.id());
  }

  @Test
  default void idempotency_rebuiltRequestWithTheSameIdReturnsTheSameSnapshot() {
    VolumeRef source = kit().newSource();
    String requestId = "kit-" + UUID.randomUUID();
    Snapshot first = kit().create(kit().request(source).requestId(requestId).build());
    Snapshot retry = kit().create(SnapshotRequest.builder(source).requestId(requestId).name(first.name()).build());
    assertThat(retry.id()).isEqualTo(first.id());
    assertThat(kit().listIds(kit().scoped(source))).containsExactly(first.id());
  }

  @Test
  default void idempotency_differentRequestsMakeDifferentSnapshots() {
    VolumeRef source = kit().newSource();
    Snapshot a = kit().create(source);
    Snapshot b = kit().create(source);
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(kit().listIds(kit().scoped(source))).containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  default void idempotency_nameTakenByAnotherRequestConflicts() {
    VolumeRef source = kit().newSource();
    Snapshot first = kit().create(source);
    SnapshotRequest other = kit().request(source).name(first.name()).build();
    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> kit().create(other));
    assertThat(kit().listIds(kit().scoped(source))).containsExactly(first.id());
  }

  @Test
  default void idempotency_retriedCloneReturnsTheSameVolume() {
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    CloneRequest request = kit().cloneRequest(s).build();
    Volume first = kit().clone(request);
    Volume retry = kit().clone(request);
    assertThat(retry.ref()).isEqualTo(first.ref());
    if (kit().provider().supports(Capability.VOLUME_MANAGEMENT)) {
      assertThat(kit().provider().streamVolumes(VolumeFilter.managed().withLabel(Labels.REQUEST_ID, request.requestId()))
          .map(Volume::ref).toList()).containsExactly(first.ref());
    }
  }
}

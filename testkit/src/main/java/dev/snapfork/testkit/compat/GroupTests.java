package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.VolumeRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compatibility kit: native group snapshots ({@link Capability#NATIVE_GROUP}). */
public interface GroupTests extends KitTest {

  @Test
  default void group_withoutTheCapabilityIsUnsupported() {
    kit().requireNoCapability(Capability.NATIVE_GROUP);
    List<SnapshotRequest> requests = List.of(kit().request(kit().newSource()).build());
    assertThatExceptionOfType(UnsupportedCapabilityException.class)
        .isThrownBy(() -> kit().provider().createGroup(kit().uniqueName("group"), requests))
        .satisfies(e -> assertThat(e.capability()).isEqualTo(Capability.NATIVE_GROUP));
  }

  @Test
  default void group_cutsEveryVolumeInRequestOrder() {
    kit().requireCapability(Capability.NATIVE_GROUP);
    VolumeRef a = kit().newSource();
    VolumeRef b = kit().newSource();
    String groupId = kit().uniqueName("group");
    List<SnapshotRequest> requests = List.of(kit().request(a).build(), kit().request(b).build());
    List<Snapshot> group = kit().provider().createGroup(groupId, requests);
    group.forEach(kit()::track);
    assertThat(group).hasSize(2);
    assertThat(group.get(0).source()).isEqualTo(a);
    assertThat(group.get(1).source()).isEqualTo(b);
    for (int i = 0; i < 2; i++) {
      assertThat(group.get(i).labels())
          .containsEntry(Labels.GROUP_ID, groupId)
          .containsEntry(Labels.REQUEST_ID, requests.get(i).requestId())
          .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    }
  }

  @Test
  default void group_retryReturnsTheSameSnapshots() {
    kit().requireCapability(Capability.NATIVE_GROUP);
    String groupId = kit().uniqueName("group");
    List<SnapshotRequest> requests = List.of(kit().request(kit().newSource()).build(), kit().request(kit().newSource()).build());
    List<Snapshot> first = kit().provider().createGroup(groupId, requests);
    first.forEach(kit()::track);
    List<Snapshot> retry = kit().provider().createGroup(groupId, requests);
    retry.forEach(kit()::track);
    assertThat(retry.stream().map(Snapshot::id)).containsExactlyElementsOf(first.stream().map(Snapshot::id).toList());
  }

  @Test
  default void group_emptyOrBlankIsInvalid() {
    kit().requireCapability(Capability.NATIVE_GROUP);
    List<SnapshotRequest> one = List.of(kit().request(kit().newSource()).build());
    assertThatExceptionOfType(InvalidRequestException.class)
        .as("empty request list")
        .isThrownBy(() -> kit().provider().createGroup(kit().uniqueName("group"), List.of()));
    assertThatExceptionOfType(InvalidRequestException.class)
        .as("blank group id")
        .isThrownBy(() -> kit().provider().createGroup(" ", one));
  }
}

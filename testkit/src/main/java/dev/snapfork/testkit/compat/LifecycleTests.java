package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.VolumeRef;
import org.junit.jupiter.api.Test;

/** Compatibility kit: create, get, await, delete and describe, the happy path. */
public interface LifecycleTests extends KitTest {

  @Test
  default void lifecycle_createReturnsACutSnapshotOfTheSource() {
    VolumeRef source = kit().newSource();
    SnapshotRequest request = kit().request(source).build();
    Snapshot s = kit().create(request);
    assertThat(s.id()).as("snapshot id").isNotBlank();
    assertThat(s.source()).as("source").isEqualTo(source);
    assertThat(s.name()).as("name").isEqualTo(request.name().orElseThrow());
    assertThat(s.state()).as("state right after the cut").isIn(SnapshotState.PENDING, SnapshotState.READY);
    assertThat(s.cutAt()).as("cut time").isNotNull();
  }

  @Test
  default void lifecycle_createWithoutNameGeneratesOne() {
    VolumeRef source = kit().newSource();
    Snapshot s = kit().create(SnapshotRequest.builder(source).label(kitScopeKey(), kit().scopeValue()).build());
    assertThat(s.name()).as("generated name").isNotBlank();
  }

  @Test
  default void lifecycle_getReturnsWhatCreateReturned() {
    VolumeRef source = kit().newSource();
    SnapshotRequest request = kit().request(source).build();
    Snapshot created = kit().create(request);
    Snapshot got = kit().provider().get(created.id());
    assertThat(got.id()).isEqualTo(created.id());
    assertThat(got.name()).isEqualTo(created.name());
    assertThat(got.source()).isEqualTo(source);
    assertThat(got.labels()).containsAllEntriesOf(request.effectiveLabels());
  }

  @Test
  default void lifecycle_awaitReadyMakesTheSnapshotReady() {
    Snapshot s = kit().create(kit().newSource());
    Snapshot ready = kit().awaitReady(s);
    assertThat(ready.id()).isEqualTo(s.id());
    assertThat(ready.state()).isEqualTo(SnapshotState.READY);
    assertThat(kit().provider().get(s.id()).state()).as("state seen by get afterwards").isEqualTo(SnapshotState.READY);
  }

  @Test
  default void lifecycle_deleteRemovesTheSnapshot() {
    VolumeRef source = kit().newSource();
    Snapshot s = kit().createReady(source);
    assertThat(kit().provider().delete(s.id())).as("delete of an existing snapshot").isTrue();
    // Gone, or - where deletes linger, e.g. a Kubernetes VolumeSnapshot held by the snapshot
    // controller's finalizers (shared/reference/csi-snapshot.md) - reported as being deleted.
    try {
      assertThat(kit().provider().get(s.id()).state()).as("state after delete").isEqualTo(SnapshotState.DELETING);
    } catch (NotFoundException gone) {
      // deleted at once
    }
    assertThat(kit().listAll(kit().scoped(source))).filteredOn(x -> x.id().equals(s.id()))
        .allSatisfy(x -> assertThat(x.state()).isEqualTo(SnapshotState.DELETING));
  }

  @Test
  default void lifecycle_describesItself() {
    SnapshotProvider p = kit().provider();
    assertThat(p.name()).as("provider name").isNotBlank();
    assertThat(p.capabilities()).as("capabilities").isNotNull();
    for (Capability c : Capability.values()) {
      assertThat(p.supports(c)).as("supports(%s)", c).isEqualTo(p.capabilities().contains(c));
    }
  }

  @Test
  default void lifecycle_closeIsIdempotent() {
    SnapshotProvider other = kit().newProvider();
    assertThatCode(() -> {
      other.close();
      other.close();
    }).doesNotThrowAnyException();
  }

  private static String kitScopeKey() {
    return dev.snapfork.testkit.KitContext.SCOPE_LABEL;
  }
}

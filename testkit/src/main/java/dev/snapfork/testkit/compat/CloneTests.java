package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import dev.snapfork.testkit.VolumeData;
import org.junit.jupiter.api.Test;

/**
 * Compatibility kit: cloning a ready snapshot into a new managed volume, and clone independence
 * (writes to the source after the cut do not reach the snapshot or its clones; writes to a clone
 * do not reach the source).
 */
public interface CloneTests extends KitTest {
  /** Bytes written by the data-level tests. */
  int PAYLOAD = 64;

  @Test
  default void clone_withoutTheCapabilityIsUnsupported() {
    kit().requireNoCapability(Capability.CLONE);
    Snapshot s = kit().create(kit().newSource());
    assertThatExceptionOfType(UnsupportedCapabilityException.class)
        .isThrownBy(() -> kit().clone(s))
        .satisfies(e -> assertThat(e.capability()).isEqualTo(Capability.CLONE));
  }

  @Test
  default void clone_makesAManagedVolumeFromTheSnapshot() {
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    CloneRequest request = kit().cloneRequest(s).label("kit.snapfork.dev/purpose", "staging").build();
    Volume v = kit().clone(request);
    assertThat(v.managed()).as("clone carries the ownership label").isTrue();
    assertThat(v.labels()).containsEntry(Labels.REQUEST_ID, request.requestId()).containsAllEntriesOf(request.labels());
    assertThat(v.sourceSnapshotId()).as("source snapshot id").contains(s.id());
    Volume got = kit().provider().getVolume(v.ref());
    assertThat(got.ref()).isEqualTo(v.ref());
    assertThat(got.managed()).isTrue();
  }

  @Test
  default void clone_ofAMissingSnapshotIsNotFound() {
    kit().requireCapability(Capability.CLONE);
    String id = kit().missingSnapshotId();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().clone(CloneRequest.builder(id, kit().uniqueName("clone")).build()))
        .satisfies(e -> assertThat(e.id()).isEqualTo(id));
  }

  @Test
  default void clone_targetNameTakenByAnotherRequestConflicts() {
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    Volume first = kit().clone(s);
    CloneRequest other = CloneRequest.builder(s.id(), first.name()).label(KitContext.SCOPE_LABEL, kit().scopeValue()).build();
    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> kit().clone(other));
  }

  @Test
  default void clone_smallerThanTheSnapshotIsInvalid() {
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    assumeTrue(s.sizeBytes().isPresent() && s.sizeBytes().getAsLong() > 1,
        "the provider reports no snapshot size above 1 byte; size check skipped");
    CloneRequest tooSmall = kit().cloneRequest(s).sizeBytes(s.sizeBytes().getAsLong() - 1).build();
    assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> kit().clone(tooSmall));
  }

  @Test
  default void clone_seesTheSnapshotNotLaterSourceWrites() {
    kit().requireCapability(Capability.CLONE);
    VolumeData data = kit().requireData();
    VolumeRef source = kit().newSource();
    byte[] before = KitContext.payload("before-the-cut;", PAYLOAD);
    byte[] after = KitContext.payload("AFTER-THE-CUT!!", PAYLOAD);
    data.write(source, before);
    Snapshot s = kit().create(source);
    data.write(source, after);
    kit().awaitReady(s);
    Volume clone = kit().clone(s);
    assertThat(data.read(clone.ref(), PAYLOAD)).as("clone content").isEqualTo(before);
    assertThat(data.read(source, PAYLOAD)).as("source content").isEqualTo(after);
  }

  @Test
  default void clone_writesDoNotReachTheSourceOrTheSnapshot() {
    kit().requireCapability(Capability.CLONE);
    VolumeData data = kit().requireData();
    VolumeRef source = kit().newSource();
    byte[] original = KitContext.payload("original-data;", PAYLOAD);
    data.write(source, original);
    Snapshot s = kit().createReady(source);
    Volume first = kit().clone(s);
    data.write(first.ref(), KitContext.payload("written-in-clone", PAYLOAD));
    assertThat(data.read(source, PAYLOAD)).as("source after writing the clone").isEqualTo(original);
    Volume second = kit().clone(s);
    assertThat(data.read(second.ref(), PAYLOAD)).as("a second clone of the same snapshot").isEqualTo(original);
  }

  @Test
  default void clone_survivesDeletionOfItsSnapshot() {
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    Volume clone = kit().clone(s);
    boolean deleted;
    try {
      deleted = kit().provider().delete(s.id());
    } catch (ConflictException e) {
      assumeTrue(false, "the provider refuses to delete a snapshot with clones (" + e.getMessage() + "); skipped");
      return;
    }
    assertThat(deleted).isTrue();
    VolumeRef ref = clone.ref();
    assertThat(kit().provider().getVolume(ref).ref()).isEqualTo(ref);
  }
}

package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.ConflictException;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import dev.snapfork.testkit.VolumeData;
import org.junit.jupiter.api.Test;

/**
 * Compatibility kit: deletes are idempotent, unmanaged volumes are never deleted without force,
 * and managed listings and operations never touch a source volume.
 */
public interface DeleteSafetyTests extends KitTest {

  @Test
  default void delete_ofAMissingSnapshotReturnsFalse() {
    assertThat(kit().provider().delete(kit().missingSnapshotId())).isFalse();
  }

  @Test
  default void delete_twiceReturnsFalseTheSecondTime() {
    Snapshot s = kit().createReady(kit().newSource());
    assertThat(kit().provider().delete(s.id())).as("first delete").isTrue();
    assertThat(kit().provider().delete(s.id())).as("second delete").isFalse();
  }

  @Test
  default void delete_sourceVolumeIsUnmanaged() {
    VolumeRef source = kit().newSource();
    assertThat(kit().provider().getVolume(source).managed()).as("fixture source volume is unmanaged").isFalse();
  }

  @Test
  default void deleteVolume_withoutTheCapabilityIsUnsupported() {
    kit().requireNoCapability(Capability.VOLUME_MANAGEMENT);
    VolumeRef source = kit().newSource();
    assertThatExceptionOfType(UnsupportedCapabilityException.class)
        .isThrownBy(() -> kit().provider().deleteVolume(source, false))
        .satisfies(e -> assertThat(e.capability()).isEqualTo(Capability.VOLUME_MANAGEMENT));
    assertThat(kit().provider().getVolume(source).ref()).isEqualTo(source);
  }

  @Test
  default void deleteVolume_refusesAnUnmanagedVolumeWithoutForce() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    VolumeRef source = kit().newSource();
    assertThatExceptionOfType(ConflictException.class).isThrownBy(() -> kit().provider().deleteVolume(source, false));
    assertThat(kit().provider().getVolume(source).ref()).as("source still exists").isEqualTo(source);
  }

  @Test
  default void deleteVolume_withForceDeletesAnUnmanagedVolume() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    VolumeRef source = kit().newSource();
    assertThat(kit().provider().deleteVolume(source, true)).isTrue();
    kit().forgetSource(source);
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> kit().provider().getVolume(source));
  }

  @Test
  default void deleteVolume_ofAMissingVolumeReturnsFalse() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    assertThat(kit().provider().deleteVolume(kit().missingVolume(), false)).isFalse();
  }

  @Test
  default void deleteVolume_removesAManagedCloneOnce() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    kit().requireCapability(Capability.CLONE);
    Volume clone = kit().clone(kit().createReady(kit().newSource()));
    assertThat(kit().provider().deleteVolume(clone.ref(), false)).as("first delete").isTrue();
    assertThat(kit().provider().deleteVolume(clone.ref(), false)).as("second delete").isFalse();
    assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> kit().provider().getVolume(clone.ref()));
  }

  @Test
  default void managedListings_neverIncludeTheSourceVolume() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    VolumeRef source = kit().newSource();
    kit().createReady(source);
    assertThat(kit().provider().streamVolumes(VolumeFilter.managed()).map(Volume::ref)).doesNotContain(source);
    assertThat(kit().provider().streamVolumes(VolumeFilter.ALL).filter(v -> v.ref().equals(source)))
        .as("the unfiltered listing shows the source, unmanaged")
        .allSatisfy(v -> assertThat(v.managed()).isFalse());
  }

  @Test
  default void managedOperations_leaveTheSourceIntact() {
    VolumeData data = kit().requireData();
    VolumeRef source = kit().newSource();
    byte[] content = KitContext.payload("source-must-not-change;", CloneTests.PAYLOAD);
    data.write(source, content);
    Snapshot s = kit().createReady(source);
    if (kit().provider().supports(Capability.CLONE)) {
      Volume clone = kit().clone(s);
      if (kit().provider().supports(Capability.VOLUME_MANAGEMENT)) {
        kit().provider().deleteVolume(clone.ref(), false);
      }
    }
    for (Snapshot managed : kit().listAll(SnapshotFilter.managed().withSource(source))) {
      kit().provider().delete(managed.id());
    }
    assertThat(kit().provider().getVolume(source).managed()).isFalse();
    assertThat(data.read(source, CloneTests.PAYLOAD)).as("source content").isEqualTo(content);
  }
}

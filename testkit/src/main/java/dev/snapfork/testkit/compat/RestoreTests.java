package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.Snapshot;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import dev.snapfork.testkit.VolumeData;
import org.junit.jupiter.api.Test;

/** Compatibility kit: in-place restore of a source volume from its snapshot. */
public interface RestoreTests extends KitTest {

  @Test
  default void restore_withoutTheCapabilityIsUnsupported() {
    kit().requireNoCapability(Capability.RESTORE_IN_PLACE);
    Snapshot s = kit().createReady(kit().newSource());
    assertThatExceptionOfType(UnsupportedCapabilityException.class)
        .isThrownBy(() -> kit().provider().restore(s.id()))
        .satisfies(e -> assertThat(e.capability()).isEqualTo(Capability.RESTORE_IN_PLACE));
  }

  @Test
  default void restore_bringsBackTheSnapshotContent() {
    kit().requireCapability(Capability.RESTORE_IN_PLACE);
    VolumeData data = kit().requireData();
    VolumeRef source = kit().newSource();
    byte[] good = KitContext.payload("known-good-state;", CloneTests.PAYLOAD);
    data.write(source, good);
    Snapshot s = kit().createReady(source);
    data.write(source, KitContext.payload("corrupted!", CloneTests.PAYLOAD));
    kit().provider().restore(s.id());
    assertThat(data.read(source, CloneTests.PAYLOAD)).isEqualTo(good);
  }

  @Test
  default void restore_ofAMissingSnapshotIsNotFound() {
    kit().requireCapability(Capability.RESTORE_IN_PLACE);
    String id = kit().missingSnapshotId();
    assertThatExceptionOfType(NotFoundException.class)
        .isThrownBy(() -> kit().provider().restore(id))
        .satisfies(e -> assertThat(e.id()).isEqualTo(id));
  }

  @Test
  default void restore_withBlankIdIsInvalid() {
    kit().requireCapability(Capability.RESTORE_IN_PLACE);
    for (String id : new String[] {null, "", "  "}) {
      assertThatExceptionOfType(InvalidRequestException.class).as("restore(%s)", id).isThrownBy(() -> kit().provider().restore(id));
    }
  }
}

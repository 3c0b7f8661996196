package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import org.junit.jupiter.api.Test;

/** Compatibility kit: user labels are kept, ownership labels are added, and filters select exactly. */
public interface LabelsAndFilterTests extends KitTest {

  @Test
  default void labels_userLabelsAreKept() {
    VolumeRef source = kit().newSource();
    SnapshotRequest request = kit().request(source).label("kit.snapfork.dev/team", "storage").label("purpose", "compat").build();
    Snapshot created = kit().create(request);
    assertThat(created.labels()).as("labels returned by create").containsAllEntriesOf(request.labels());
    assertThat(kit().provider().get(created.id()).labels()).as("labels returned by get").containsAllEntriesOf(request.labels());
  }

  @Test
  default void labels_ownershipAndRequestIdLabelsAreAdded() {
    VolumeRef source = kit().newSource();
    SnapshotRequest request = kit().request(source).build();
    Snapshot created = kit().create(request);
    Snapshot got = kit().provider().get(created.id());
    assertThat(got.labels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .containsEntry(Labels.REQUEST_ID, request.requestId());
    assertThat(got.managed()).isTrue();
    assertThat(created.managed()).isTrue();
  }

  @Test
  default void filter_bySourceReturnsOnlyThatSource() {
    VolumeRef a = kit().newSource();
    VolumeRef b = kit().newSource();
    Snapshot sa = kit().create(a);
    Snapshot sb = kit().create(b);
    assertThat(kit().listIds(SnapshotFilter.ofSource(a))).contains(sa.id()).doesNotContain(sb.id());
    assertThat(kit().listAll(SnapshotFilter.ofSource(a))).allSatisfy(s -> assertThat(s.source()).isEqualTo(a));
  }

  @Test
  default void filter_byLabelReturnsOnlyMatching() {
    VolumeRef source = kit().newSource();
    Snapshot red = kit().create(kit().request(source).label("kit.snapfork.dev/color", "red").build());
    Snapshot blue = kit().create(kit().request(source).label("kit.snapfork.dev/color", "blue").build());
    SnapshotFilter reds = SnapshotFilter.ALL.withLabel(KitContext.SCOPE_LABEL, kit().scopeValue())
        .withLabel("kit.snapfork.dev/color", "red");
    assertThat(kit().listIds(reds)).containsExactly(red.id());
    assertThat(kit().listIds(kit().scoped(source))).containsExactlyInAnyOrder(red.id(), blue.id());
  }

  @Test
  default void filter_managedFindsCreatedSnapshots() {
    VolumeRef source = kit().newSource();
    Snapshot s = kit().create(source);
    assertThat(kit().listIds(SnapshotFilter.managed().withSource(source))).containsExactly(s.id());
  }

  @Test
  default void filter_matchingNothingReturnsNothing() {
    VolumeRef source = kit().newSource();
    kit().create(source);
    assertThat(kit().listAll(kit().scoped(source).withLabel("kit.snapfork.dev/absent", "x"))).isEmpty();
  }
}

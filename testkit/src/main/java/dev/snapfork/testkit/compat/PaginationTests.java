package dev.snapfork.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

import dev.snapfork.Capability;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.testkit.KitContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Compatibility kit: listings page with tokens, each item once, and reject bad page requests. */
public interface PaginationTests extends KitTest {

  @Test
  default void paging_pagesCoverEverySnapshotOnce() {
    VolumeRef source = kit().newSource();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(kit().create(source).id());
    }
    SnapshotFilter filter = kit().scoped(source);
    List<String> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(2);
    int pages = 0;
    while (true) {
      Page<Snapshot> page = kit().provider().list(filter, request);
      pages++;
      assertThat(page.items()).as("page %d size", pages).hasSizeLessThanOrEqualTo(2);
      page.items().forEach(s -> seen.add(s.id()));
      if (page.nextToken().isEmpty()) {
        break;
      }
      if (pages > 20) {
        fail("more than 20 pages of size 2 for 5 snapshots: the next token never runs out");
      }
      request = request.next(page.nextToken().get());
    }
    assertThat(seen).as("ids over all pages").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(pages).as("pages for 5 items of size 2").isGreaterThanOrEqualTo(3);
  }

  @Test
  default void paging_streamYieldsEverySnapshot() {
    VolumeRef source = kit().newSource();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      created.add(kit().create(source).id());
    }
    assertThat(kit().listIds(kit().scoped(source))).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  default void paging_pageSizeZeroIsInvalid() {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> kit().provider().list(SnapshotFilter.ALL, new PageRequest(0, Optional.empty())))
        .satisfies(e -> assertThat(e.field()).isEqualTo("page.size"));
  }

  @Test
  default void paging_malformedTokenIsInvalid() {
    VolumeRef source = kit().newSource();
    kit().create(source);
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(() -> kit().provider().list(kit().scoped(source), new PageRequest(10, Optional.of("%%not-a-token%%"))));
  }

  @Test
  default void paging_volumesPageWithTokens() {
    kit().requireCapability(Capability.VOLUME_MANAGEMENT);
    kit().requireCapability(Capability.CLONE);
    Snapshot s = kit().createReady(kit().newSource());
    Set<VolumeRef> clones = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      clones.add(kit().clone(s).ref());
    }
    VolumeFilter filter = VolumeFilter.managed().withLabel(KitContext.SCOPE_LABEL, kit().scopeValue());
    List<VolumeRef> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(1);
    for (int pages = 1; ; pages++) {
      Page<Volume> page = kit().provider().listVolumes(filter, request);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(1);
      page.items().forEach(v -> seen.add(v.ref()));
      if (page.nextToken().isEmpty()) {
        break;
      }
      if (pages > 20) {
        fail("more than 20 pages of size 1 for 3 volumes: the next token never runs out");
      }
      request = request.next(page.nextToken().get());
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(clones);
  }
}

package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.CloneRequest;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.PageRequest;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.portworx.fake.InProcessOsd;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input is rejected with a typed error naming the field and the rule, before any call. */
class BadInputTest {
  private InProcessOsd osd;
  private PortworxSnapshotProvider provider;

  @BeforeEach
  void start() {
    osd = new InProcessOsd();
    provider = osd.provider();
    osd.osd().faults().resetCounts();
  }

  @AfterEach
  void stop() {
    provider.close();
    osd.close();
  }

  private void rejected(String field, String ruleFragment, Executable call) {
    assertThatExceptionOfType(InvalidRequestException.class)
        .isThrownBy(call::execute)
        .satisfies(e -> assertThat(e.field()).isEqualTo(field))
        .satisfies(e -> assertThat(e.rule()).contains(ruleFragment));
    assertThat(osd.osd().faults().totalCalls()).as("calls made before rejecting %s", field).isZero();
  }

  @Test
  void blankIds() {
    rejected("snapshotId", "blank", () -> provider.get(" "));
    rejected("snapshotId", "required", () -> provider.delete(null));
    rejected("snapshotId", "blank", () -> provider.restore(""));
    rejected("volume", "required", () -> provider.deleteVolume(null, false));
  }

  @Test
  void namesPortworxWouldTakeForIds() {
    VolumeRef v = VolumeRef.of("db");
    rejected("name", "digits", () -> provider.create(SnapshotRequest.builder(v).name("12345").build()));
    rejected("targetName", "digits", () -> provider.createVolume(CloneRequest.builder("1", "987").build()));
  }

  @Test
  void invalidLabelKeys() {
    VolumeRef v = VolumeRef.of("db");
    rejected("labels[Bad_Prefix.Example/x]", "prefix",
        () -> provider.create(SnapshotRequest.builder(v).name("a").label("Bad_Prefix.Example/x", "1").build()));
    rejected("labels[-starts-with-dash]", "key name",
        () -> provider.create(SnapshotRequest.builder(v).name("a").label("-starts-with-dash", "1").build()));
    rejected("labels[" + "k".repeat(64) + "]", "key name",
        () -> provider.create(SnapshotRequest.builder(v).name("a").label("k".repeat(64), "1").build()));
    rejected("labels[team]", "','",
        () -> provider.create(SnapshotRequest.builder(v).name("a").label("team", "a,b").build()));
    rejected("labels[a/]", "key name",
        () -> provider.createVolume(CloneRequest.builder("1", "c").label("a/", "x").build()));
    rejected("filter.labels[x/]", "key name",
        () -> provider.list(SnapshotFilter.ALL.withLabel("x/", "1"), PageRequest.first()));
    rejected("filter.labels[UPPER.case/k]", "prefix",
        () -> provider.listVolumes(VolumeFilter.ALL.withLabel("UPPER.case/k", "1"), PageRequest.first()));
  }

  @Test
  void unknownCloneParametersAndBadTokens() {
    rejected("parameters[storageClass]", "unknown parameter",
        () -> provider.createVolume(CloneRequest.builder("1", "c").parameter("storageClass", "fast").build()));
    rejected("page.token", "not a page token", () -> provider.list(SnapshotFilter.ALL, new PageRequest(10, Optional.of("garbage!"))));
    rejected("request", "required", () -> provider.createVolume(null));
  }
}

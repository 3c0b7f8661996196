package dev.snapfork;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expiry label's encoding: one value valid on every backend, and the older form still read. */
class LabelsExpiryTest {
  /** Kubernetes label value rule (shared/reference/csi-snapshot.md, "Label values are validated"). */
  private static final String K8S_LABEL_VALUE = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";

  @Test
  void valueIsBasicIsoUtcToTheSecondAndAValidKubernetesLabelValue() {
    String v = Labels.expiryValue(Instant.parse("2026-12-04T10:00:00.750Z"));
    assertThat(v).isEqualTo("20261204T100000Z").matches(K8S_LABEL_VALUE).hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void writtenValueReadsBackTruncatedToTheSecond() {
    Instant at = Instant.parse("2031-02-28T23:59:59.999Z");
    assertThat(Labels.expiresAt(Map.of(Labels.EXPIRES_AT, Labels.expiryValue(at)))).contains(Instant.parse("2031-02-28T23:59:59Z"));
  }

  @Test
  void olderExtendedIsoValuesAreStillRead() {
    assertThat(Labels.expiresAt(Map.of(Labels.EXPIRES_AT, "2026-12-04T10:00:00Z"))).contains(Instant.parse("2026-12-04T10:00:00Z"));
  }

  @Test
  void malformedOrMissingValuesHaveNoExpiry() {
    assertThat(Labels.expiresAt(Map.of(Labels.EXPIRES_AT, "20261304T100000Z"))).as("month 13").isEmpty();
    assertThat(Labels.expiresAt(Map.of(Labels.EXPIRES_AT, "tomorrow"))).isEmpty();
    assertThat(Labels.expiresAt(Map.of())).isEmpty();
  }
}

package dev.snapfork.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
  @Test
  void countsSwapsAsOneEdit() {
    assertThat(EditDistance.distance("endpiont", "endpoint")).isEqualTo(1);
    assertThat(EditDistance.distance("abc", "abc")).isZero();
    assertThat(EditDistance.distance("", "abc")).isEqualTo(3);
    assertThat(EditDistance.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void suggestsOnlyCloseCandidates() {
    assertThat(EditDistance.closest("provder", List.of("hooks", "provider"))).contains("provider");
    assertThat(EditDistance.closest("zzzz", List.of("hooks", "provider"))).isEmpty();
    assertThat(EditDistance.closest("x", List.of())).isEmpty();
  }
}

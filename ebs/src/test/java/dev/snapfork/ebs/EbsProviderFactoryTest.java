package dev.snapfork.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConfigurationException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.VolumeRef;
import dev.snapfork.config.Providers;
import dev.snapfork.config.SnapforkConfig;
import dev.snapfork.ebs.fake.FakeAwsServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration: {@code snapfork.provider=ebs} and {@code snapfork.ebs.*} through discovery. */
class EbsProviderFactoryTest {

  private static SnapforkConfig config(Map<String, String> values) {
    return SnapforkConfig.builder().systemProperties(Map.of()).environment(Map.of()).setAll(values).build();
  }

  @Test
  void discoveryBuildsAWorkingProviderFromKeys() {
    try (FakeAwsServer fake = new FakeAwsServer()) {
      String url = fake.endpoint().toString();
      try (SnapshotProvider p = Providers.load(config(Map.of("snapfork.provider", "ebs", "snapfork.ebs.region", "eu-west-1",
          "snapfork.ebs.endpoint", url, "snapfork.ebs.ebs-endpoint", url, "snapfork.ebs.access-key-id", "AKIDCONF",
          "snapfork.ebs.secret-access-key", "conf-secret", "snapfork.ebs.per-volume-rate-delay", "10ms")))) {
        assertThat(p).isInstanceOf(EbsSnapshotProvider.class);
        String vol = fake.aws.newVolume(1).id;
        assertThat(p.create(SnapshotRequest.of(VolumeRef.of(vol))).source().id()).isEqualTo(vol);
        assertThat(p.toString()).doesNotContain("conf-secret");
      }
    }
  }

  @Test
  void unknownAndMalformedKeysAreNamed() {
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> Providers.load(config(Map.of("snapfork.provider", "ebs", "snapfork.ebs.regoin", "eu-west-1"))))
        .satisfies(e -> assertThat(e.getMessage()).contains("snapfork.ebs.regoin"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> Providers.load(config(Map.of("snapfork.provider", "ebs", "snapfork.ebs.region", "Ireland"))))
        .satisfies(e -> assertThat(e.getMessage()).contains("snapfork.ebs.region"));
    assertThatExceptionOfType(ConfigurationException.class)
        .isThrownBy(() -> Providers.load(config(Map.of("snapfork.provider", "ebs", "snapfork.ebs.region", "eu-west-1",
            "snapfork.ebs.secret-access-key", "only-the-secret"))))
        .satisfies(e -> assertThat(e.getMessage()).contains("access-key-id").doesNotContain("only-the-secret"));
  }
}

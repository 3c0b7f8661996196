package dev.snapfork.ebs.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.ebs.EbsSnapshotProvider;
import dev.snapfork.spi.Backoff;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Creates the {@code ebs} provider from {@code snapfork.ebs.*}: region, endpoint, ebs-endpoint,
 * profile, access-key-id, secret-access-key, max-attempts, per-volume-rate-delay,
 * block-concurrency, block-transport ({@code direct} or {@code sdk}), consistency-grace, poll-initial, poll-max.
 */
public final class EbsProviderFactory implements SnapshotProviderFactory {
  static final Set<String> KEYS = Set.of("region", "endpoint", "ebs-endpoint", "profile", "access-key-id", "secret-access-key",
      "max-attempts", "per-volume-rate-delay", "block-concurrency", "block-transport", "consistency-grace", "poll-initial", "poll-max");

  @Override
  public String name() {
    return EbsSnapshotProvider.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return KEYS;
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("secret-access-key", "access-key-id");
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    for (String key : new TreeSet<>(config.keys())) {
      if (!KEYS.contains(key)) {
        throw new ConfigurationException(config.fullKey(key), "unknown key; the ebs provider reads " + new TreeSet<>(KEYS));
      }
    }
    EbsSnapshotProvider.Builder b = EbsSnapshotProvider.builder();
    try {
      config.string("region").ifPresent(b::region);
    } catch (InvalidRequestException e) {
      throw new ConfigurationException(config.fullKey("region"), e.rule(), e);
    }
    config.string("endpoint").ifPresent(v -> b.ec2Endpoint(uri(config, "endpoint", v)));
    config.string("ebs-endpoint").ifPresent(v -> b.ebsEndpoint(uri(config, "ebs-endpoint", v)));
    var keyId = config.secret("access-key-id");
    var secret = config.secret("secret-access-key");
    if (keyId.isPresent() != secret.isPresent()) {
      throw new ConfigurationException(config.fullKey(keyId.isPresent() ? "secret-access-key" : "access-key-id"),
          "access-key-id and secret-access-key go together");
    }
    if (keyId.isPresent()) {
      b.credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get().reveal(), secret.get().reveal())));
    } else {
      config.string("profile").ifPresent(p -> b.credentials(Credentials.profile(ProfileCredentialsProvider.create(p), p)));
    }
    b.maxAttempts(config.integer("max-attempts", 5, 1, 20));
    b.perVolumeRateDelay(config.duration("per-volume-rate-delay", Duration.ofSeconds(15)));
    b.blockConcurrency(config.integer("block-concurrency", 32, 1, 256));
    b.consistencyGrace(config.duration("consistency-grace", Duration.ofSeconds(30)));
    config.string("block-transport").ifPresent(v -> b.blockTransport(switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "direct" -> dev.snapfork.ebs.BlockTransport.DIRECT;
      case "sdk" -> dev.snapfork.ebs.BlockTransport.SDK;
      default -> throw new ConfigurationException(config.fullKey("block-transport"), "must be 'direct' or 'sdk', got '" + v + "'");
    }));
    Duration initial = config.duration("poll-initial", Duration.ofSeconds(2));
    Duration max = config.duration("poll-max", Duration.ofSeconds(30));
    try {
      b.pollBackoff(new Backoff(initial, max, 1.5, 0.5));
    } catch (InvalidRequestException e) {
      throw new ConfigurationException(config.fullKey("poll-max"), "must be at least poll-initial", e);
    }
    return b.build();
  }

  private static URI uri(ConfigView config, String key, String value) {
    try {
      URI u = new URI(value);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new ConfigurationException(config.fullKey(key), "must be an absolute http(s) URL, got '" + value + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigurationException(config.fullKey(key), "must be a URL: " + e.getMessage(), e);
    }
  }
}

package dev.snapfork.csi.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.csi.CsiSnapshotProvider;
import dev.snapfork.spi.SnapshotProviderFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;

/**
 * Creates the {@code csi} provider from {@code snapfork.csi.*}. The client comes from the usual
 * fabric8 sources (kubeconfig with an optional context, or the in-cluster service account), or
 * from {@code kubeconfig} when set.
 */
public final class CsiProviderFactory implements SnapshotProviderFactory {
  @Override
  public String name() {
    return CsiSnapshotProvider.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("namespace", "context", "kubeconfig", "snapshot-class", "storage-class", "cut-timeout", "retry-attempts",
        "group-selector", "keep-failed-snapshots");
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    try {
      Config k8s;
      String context = config.string("context").orElse(null);
      if (config.path("kubeconfig").isPresent()) {
        var path = config.path("kubeconfig").get();
        if (!Files.isReadable(path)) {
          throw new ConfigurationException(config.fullKey("kubeconfig"), "must name a readable kubeconfig file, got " + path);
        }
        try {
          k8s = Config.fromKubeconfig(context, Files.readString(path), path.toString());
        } catch (java.io.IOException e) {
          throw new ConfigurationException(config.fullKey("kubeconfig"), "could not be read: " + e.getMessage(), e);
        }
      } else {
        k8s = Config.autoConfigure(context);
      }
      // The provider retries transient errors itself (bounded, with jitter); no second layer.
      k8s.setRequestRetryBackoffLimit(0);
      CsiSnapshotProvider.Builder b = CsiSnapshotProvider.builder()
          .ownedClient(new KubernetesClientBuilder().withConfig(k8s).build())
          .cutTimeout(config.duration("cut-timeout", Duration.ofMinutes(2)))
          .retryAttempts(config.integer("retry-attempts", 4, 1, 20))
          .keepFailedSnapshots(config.bool("keep-failed-snapshots", false));
      config.string("namespace").ifPresent(b::namespace);
      config.string("snapshot-class").ifPresent(b::snapshotClass);
      config.string("storage-class").ifPresent(b::storageClass);
      config.string("group-selector").ifPresent(b::groupSelector);
      return b.build();
    } catch (ConfigurationException e) {
      throw e; // already names the full key
    } catch (InvalidRequestException e) {
      throw new ConfigurationException(configKey(config, e.field()), e.rule(), e);
    }
  }

  /**
   * The full configuration key for a field named by the builder or the settings: those use either
   * the full key already ({@code snapfork.csi.namespace}) or the builder's camel-case name
   * ({@code cutTimeout}); both come out as {@code snapfork.csi.cut-timeout}, never with the prefix twice.
   */
  static String configKey(ConfigView config, String field) {
    if (field.startsWith(config.prefix())) {
      return field;
    }
    StringBuilder kebab = new StringBuilder();
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        kebab.append('-').append(Character.toLowerCase(c));
      } else {
        kebab.append(c);
      }
    }
    return config.fullKey(kebab.toString());
  }
}

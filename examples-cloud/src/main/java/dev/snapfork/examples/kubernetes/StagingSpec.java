package dev.snapfork.examples.kubernetes;

import dev.snapfork.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@link KubernetesStaging} deploys: a staging MongoDB on a copy of production data, and the
 * test Job run against it.
 *
 * @param namespace where everything is created
 * @param volumeSnapshot the CSI {@code VolumeSnapshot} to restore into a new PVC; empty when {@code existingClaim} is used
 * @param existingClaim an already cloned PVC to mount as is (e.g. a Portworx clone); never deleted
 * @param storageClass the new PVC's storage class (empty: the cluster default)
 * @param size the new PVC's size, at least the snapshot's (e.g. {@code 10Gi})
 * @param image the MongoDB image, e.g. {@code mongo:7.0}
 * @param cpu CPU request and limit of the database container, e.g. {@code 500m}
 * @param memory memory request and limit, e.g. {@code 1Gi}
 * @param testImage the image of the test Job
 * @param testCommand the test Job's command; it gets {@code MONGODB_URI} pointing at the staging service
 * @param readyTimeout how long the database may take to become ready
 * @param testTimeout how long the tests may run
 */
public record StagingSpec(
    String namespace,
    Optional<String> volumeSnapshot,
    Optional<String> existingClaim,
    Optional<String> storageClass,
    String size,
    String image,
    String cpu,
    String memory,
    String testImage,
    List<String> testCommand,
    Duration readyTimeout,
    Duration testTimeout) {
  private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");

  /** @throws InvalidRequestException naming the field for any value Kubernetes would reject */
  public StagingSpec {
    name("namespace", namespace, DNS_1123);
    if (volumeSnapshot.isPresent() == existingClaim.isPresent()) {
      throw new InvalidRequestException("volumeSnapshot", "give exactly one of volumeSnapshot and existingClaim");
    }
    volumeSnapshot.ifPresent(v -> name("volumeSnapshot", v, SUBDOMAIN));
    existingClaim.ifPresent(v -> name("existingClaim", v, SUBDOMAIN));
    storageClass.ifPresent(v -> name("storageClass", v, SUBDOMAIN));
    quantity("size", size);
    quantity("cpu", cpu);
    quantity("memory", memory);
    if (image == null || image.isBlank()) {
      throw new InvalidRequestException("image", "is required");
    }
    if (testImage == null || testImage.isBlank()) {
      throw new InvalidRequestException("testImage", "is required");
    }
    if (testCommand == null || testCommand.isEmpty()) {
      throw new InvalidRequestException("testCommand", "must have at least one element");
    }
    testCommand = List.copyOf(testCommand);
    positive("readyTimeout", readyTimeout);
    positive("testTimeout", testTimeout);
  }

  /** A spec restoring {@code volumeSnapshot} with defaults: 10Gi, {@code mongo:7.0}, 500m CPU, 1Gi memory, 5 min ready, 30 min tests. */
  public static StagingSpec fromSnapshot(String namespace, String volumeSnapshot, String testImage, List<String> testCommand) {
    return new StagingSpec(namespace, Optional.of(volumeSnapshot), Optional.empty(), Optional.empty(), "10Gi", "mongo:7.0",
        "500m", "1Gi", testImage, testCommand, Duration.ofMinutes(5), Duration.ofMinutes(30));
  }

  private static void name(String field, String value, Pattern p) {
    if (value == null || !p.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be a lower-case DNS name (RFC 1123), got '" + value + "'");
    }
  }

  private static void quantity(String field, String value) {
    if (value == null || !QUANTITY.matcher(value).matches()) {
      throw new InvalidRequestException(field, "must be a Kubernetes quantity such as 500m, 1Gi or 10Gi, got '" + value + "'");
    }
  }

  private static void positive(String field, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new InvalidRequestException(field, "must be a positive duration");
    }
  }
}

package dev.snapfork.csi.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider's settings, already validated.
 *
 * @param namespace default namespace for ids and volume references without one
 * @param snapshotClass VolumeSnapshotClass to use; empty for the cluster's default for the PVC's driver
 * @param storageClass storage class for clones; empty for the source PVC's
 * @param cutTimeout how long {@code create} waits for {@code status.creationTime}
 * @param retryAttempts attempts per API call for retryable errors
 * @param keepFailedSnapshots whether a VolumeSnapshot Snapfork created that fails
 *     ({@code status.error}) is kept instead of deleted
 */
public record CsiSettings(String namespace, Optional<String> snapshotClass, Optional<String> storageClass,
    Duration cutTimeout, int retryAttempts, boolean keepFailedSnapshots) {

  public CsiSettings {
    K8sNames.namespace("snapfork.csi.namespace", namespace);
    snapshotClass.ifPresent(c -> K8sNames.objectName("snapfork.csi.snapshot-class", c));
    storageClass.ifPresent(c -> K8sNames.objectName("snapfork.csi.storage-class", c));
  }
}

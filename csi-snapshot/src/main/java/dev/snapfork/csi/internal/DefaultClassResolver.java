package dev.snapfork.csi.internal;

import dev.snapfork.NotFoundException;
import dev.snapfork.csi.internal.model.VolumeSnapshotClass;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cluster's default VolumeSnapshotClass for a PVC's driver when
 * {@code snapfork.csi.snapshot-class} is not set: the PVC's StorageClass gives the provisioner,
 * and the class whose {@code driver} equals it and that is annotated
 * {@value #DEFAULT_ANNOTATION}{@code : "true"} is used explicitly. Empty when the PVC has no
 * storage class, the storage class is gone, or no (or more than one) class qualifies: the field is
 * then left empty and the snapshot controller applies its own default. Throws only translated
 * {@link dev.snapfork.SnapshotException}s (e.g. 403 on listing classes).
 */
final class DefaultClassResolver {
  static final String DEFAULT_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";
  private static final Logger LOG = LoggerFactory.getLogger(DefaultClassResolver.class);

  private final KubernetesClient client;
  private final Calls calls;

  DefaultClassResolver(KubernetesClient client, Calls calls) {
    this.client = client;
    this.calls = calls;
  }

  Optional<String> defaultFor(PersistentVolumeClaim pvc) {
    String scName = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
    if (scName == null || scName.isBlank()) {
      return Optional.empty();
    }
    StorageClass sc;
    try {
      sc = calls.run(new ApiCall("get", "storageclasses", "storage.k8s.io", "storage class", null, scName),
          () -> client.storage().v1().storageClasses().withName(scName).get());
    } catch (NotFoundException e) {
      sc = null;
    }
    if (sc == null || sc.getProvisioner() == null) {
      return Optional.empty();
    }
    String driver = sc.getProvisioner();
    List<VolumeSnapshotClass> classes = calls.run(
        new ApiCall("list", "volumesnapshotclasses", SnapshotOps.GROUP, "snapshot class", null, null),
        () -> client.resources(VolumeSnapshotClass.class).list().getItems());
    List<String> defaults = classes.stream()
        .filter(c -> driver.equals(c.getDriver()))
        .filter(c -> {
          Map<String, String> a = c.getMetadata().getAnnotations();
          return a != null && "true".equals(a.get(DEFAULT_ANNOTATION));
        })
        .map(c -> c.getMetadata().getName())
        .sorted()
        .toList();
    if (defaults.size() > 1) {
      LOG.warn("several VolumeSnapshotClasses are marked default for driver {}: {}; leaving the class to the snapshot "
          + "controller (set snapfork.csi.snapshot-class to choose)", driver, defaults);
      return Optional.empty();
    }
    return defaults.stream().findFirst();
  }
}

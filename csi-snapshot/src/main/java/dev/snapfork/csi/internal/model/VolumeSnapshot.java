package dev.snapfork.csi.internal.model;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code snapshot.storage.k8s.io/v1 VolumeSnapshot}, modelled here because fabric8 8 has no extension for it. */
@Group("snapshot.storage.k8s.io")
@Version("v1")
@Kind("VolumeSnapshot")
@Plural("volumesnapshots")
@Singular("volumesnapshot")
public class VolumeSnapshot extends CustomResource<VolumeSnapshotSpec, VolumeSnapshotStatus> implements Namespaced {
  private static final long serialVersionUID = 1L;
}

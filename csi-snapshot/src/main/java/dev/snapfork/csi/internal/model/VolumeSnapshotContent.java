package dev.snapfork.csi.internal.model;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code snapshot.storage.k8s.io/v1 VolumeSnapshotContent} (cluster-scoped). */
@Group("snapshot.storage.k8s.io")
@Version("v1")
@Kind("VolumeSnapshotContent")
@Plural("volumesnapshotcontents")
@Singular("volumesnapshotcontent")
public class VolumeSnapshotContent extends CustomResource<VolumeSnapshotContentSpec, VolumeSnapshotContentStatus> {
  private static final long serialVersionUID = 1L;
}

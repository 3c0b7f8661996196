package dev.snapfork.csi.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/** {@code VolumeSnapshot.status}, written by the snapshot controller. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotStatus {
  private String boundVolumeSnapshotContentName;
  private String creationTime;
  private Boolean readyToUse;
  private Quantity restoreSize;
  private SnapshotError error;
  private String volumeGroupSnapshotName;

  public String getBoundVolumeSnapshotContentName() {
    return boundVolumeSnapshotContentName;
  }

  public void setBoundVolumeSnapshotContentName(String boundVolumeSnapshotContentName) {
    this.boundVolumeSnapshotContentName = boundVolumeSnapshotContentName;
  }

  public String getCreationTime() {
    return creationTime;
  }

  public void setCreationTime(String creationTime) {
    this.creationTime = creationTime;
  }

  public Boolean getReadyToUse() {
    return readyToUse;
  }

  public void setReadyToUse(Boolean readyToUse) {
    this.readyToUse = readyToUse;
  }

  public Quantity getRestoreSize() {
    return restoreSize;
  }

  public void setRestoreSize(Quantity restoreSize) {
    this.restoreSize = restoreSize;
  }

  public SnapshotError getError() {
    return error;
  }

  public void setError(SnapshotError error) {
    this.error = error;
  }

  public String getVolumeGroupSnapshotName() {
    return volumeGroupSnapshotName;
  }

  public void setVolumeGroupSnapshotName(String volumeGroupSnapshotName) {
    this.volumeGroupSnapshotName = volumeGroupSnapshotName;
  }
}

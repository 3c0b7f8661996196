package dev.snapfork.csi.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code VolumeSnapshotContent.status}: times in nanoseconds since the epoch, sizes in bytes. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotContentStatus {
  private String snapshotHandle;
  private Long creationTime;
  private Boolean readyToUse;
  private Long restoreSize;
  private SnapshotError error;

  public String getSnapshotHandle() {
    return snapshotHandle;
  }

  public void setSnapshotHandle(String snapshotHandle) {
    this.snapshotHandle = snapshotHandle;
  }

  public Long getCreationTime() {
    return creationTime;
  }

  public void setCreationTime(Long creationTime) {
    this.creationTime = creationTime;
  }

  public Boolean getReadyToUse() {
    return readyToUse;
  }

  public void setReadyToUse(Boolean readyToUse) {
    this.readyToUse = readyToUse;
  }

  public Long getRestoreSize() {
    return restoreSize;
  }

  public void setRestoreSize(Long restoreSize) {
    this.restoreSize = restoreSize;
  }

  public SnapshotError getError() {
    return error;
  }

  public void setError(SnapshotError error) {
    this.error = error;
  }
}

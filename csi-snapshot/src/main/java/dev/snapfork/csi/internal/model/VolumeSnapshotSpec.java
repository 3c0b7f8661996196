package dev.snapfork.csi.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code VolumeSnapshot.spec}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotSpec {
  private Source source;
  private String volumeSnapshotClassName;

  public Source getSource() {
    return source;
  }

  public void setSource(Source source) {
    this.source = source;
  }

  public String getVolumeSnapshotClassName() {
    return volumeSnapshotClassName;
  }

  public void setVolumeSnapshotClassName(String volumeSnapshotClassName) {
    this.volumeSnapshotClassName = volumeSnapshotClassName;
  }

  /** {@code spec.source}: exactly one of the two fields. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Source {
    private String persistentVolumeClaimName;
    private String volumeSnapshotContentName;

    public String getPersistentVolumeClaimName() {
      return persistentVolumeClaimName;
    }

    public void setPersistentVolumeClaimName(String persistentVolumeClaimName) {
      this.persistentVolumeClaimName = persistentVolumeClaimName;
    }

    public String getVolumeSnapshotContentName() {
      return volumeSnapshotContentName;
    }

    public void setVolumeSnapshotContentName(String volumeSnapshotContentName) {
      this.volumeSnapshotContentName = volumeSnapshotContentName;
    }
  }
}

package dev.snapfork.csi.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.Map;

/** {@code VolumeSnapshotContent.spec}. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeSnapshotContentSpec {
  private String deletionPolicy;
  private String driver;
  private String volumeSnapshotClassName;
  private Map<String, String> source;
  private ObjectReference volumeSnapshotRef;

  public String getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(String deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public String getDriver() {
    return driver;
  }

  public void setDriver(String driver) {
    this.driver = driver;
  }

  public String getVolumeSnapshotClassName() {
    return volumeSnapshotClassName;
  }

  public void setVolumeSnapshotClassName(String volumeSnapshotClassName) {
    this.volumeSnapshotClassName = volumeSnapshotClassName;
  }

  /** {@code volumeHandle} or {@code snapshotHandle}. */
  public Map<String, String> getSource() {
    return source;
  }

  public void setSource(Map<String, String> source) {
    this.source = source;
  }

  public ObjectReference getVolumeSnapshotRef() {
    return volumeSnapshotRef;
  }

  public void setVolumeSnapshotRef(ObjectReference volumeSnapshotRef) {
    this.volumeSnapshotRef = volumeSnapshotRef;
  }
}

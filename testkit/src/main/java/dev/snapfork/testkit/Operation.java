package dev.snapfork.testkit;

/**
 * The {@link dev.snapfork.SnapshotProvider} operations that the test providers count and can
 * inject faults into. {@code stream} and {@code streamVolumes} go through {@link #LIST} and
 * {@link #LIST_VOLUMES}.
 */
public enum Operation {
  /** {@link dev.snapfork.SnapshotProvider#create}. */
  CREATE,
  /** {@link dev.snapfork.SnapshotProvider#createGroup}. */
  CREATE_GROUP,
  /** {@link dev.snapfork.SnapshotProvider#get}. */
  GET,
  /** {@link dev.snapfork.SnapshotProvider#list} (and each page of {@code stream}). */
  LIST,
  /** {@link dev.snapfork.SnapshotProvider#delete}. */
  DELETE,
  /** {@link dev.snapfork.SnapshotProvider#awaitReady}. */
  AWAIT_READY,
  /** {@link dev.snapfork.SnapshotProvider#createVolume}. */
  CREATE_VOLUME,
  /** {@link dev.snapfork.SnapshotProvider#getVolume}. */
  GET_VOLUME,
  /** {@link dev.snapfork.SnapshotProvider#listVolumes} (and each page of {@code streamVolumes}). */
  LIST_VOLUMES,
  /** {@link dev.snapfork.SnapshotProvider#deleteVolume}. */
  DELETE_VOLUME,
  /** {@link dev.snapfork.SnapshotProvider#restore}. */
  RESTORE
}

package dev.snapfork.local;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.internal.local.LocalEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The built-in {@code local} provider: volumes are directories, snapshots and clones are copies of
 * them, all under one root directory. It needs no storage system, so it is the default when no
 * other provider is on the class path, and it is what demos and tests run against.
 *
 * <p>Layout under the root: a volume is {@code volumes/<name>}; a snapshot is
 * {@code snapshots/<id>/data} with {@code snapshots/<id>/snapshot.properties} beside it (the
 * snapshot id is its name); a clone made by {@link #createVolume} is a writable volume with its
 * labels in {@code volume-meta/<name>.properties}. Names are letters, digits, '.', '_' and '-',
 * never a path.
 *
 * <p>Semantics on this provider:
 * <ul>
 *   <li><b>Cut = finished copy.</b> {@link #create} copies the volume and returns the snapshot
 *       already {@link dev.snapfork.SnapshotState#READY}; its {@code cutAt} is when the copy
 *       finished. A copy is not atomic, so the application's write freeze must cover the whole
 *       copy: on file systems with reflink ({@link CopyMode#REFLINK}: btrfs, XFS) that is quick
 *       and independent of the data size; with a plain copy ({@link CopyMode#COPY}, e.g. ext4) it
 *       grows with the data. The copy method used is reported in {@link #copyMethod()}, in the
 *       {@code local.copy-method} attribute of snapshots and clones, and as
 *       {@link Capability#COPY_ON_WRITE} in {@link #capabilities()}.
 *   <li><b>Independence.</b> Snapshots and clones share no writable data with their source (never
 *       hard links): a later write to one is never seen by another.
 *   <li><b>Crash safety.</b> Snapshots and clones are built under a temporary name and published
 *       with an atomic rename after an fsync, so a crash never leaves one that lists as ready;
 *       leftovers (partial copies, stale metadata, request-index entries no object confirms)
 *       are removed at the next {@link #open}, except those a live process still builds. An
 *       interrupted copy removes its partial copy at once.
 *   <li><b>Symbolic links.</b> A volume directory that is a symbolic link is refused by
 *       {@link #create} and {@link #restore}; links inside a volume are copied as links.
 *   <li><b>Sharing a root.</b> Several threads and processes may use one root at once: short
 *       critical sections run under a root-level file lock, the copies themselves in parallel.
 * </ul>
 * Thread-safe. Every error is a {@link dev.snapfork.SnapshotException}; file-system failures are
 * {@link BackendFailureException}s naming the path.
 */
public final class LocalSnapshotProvider implements SnapshotProvider {
  /** The provider name, {@code local}. */
  public static final String NAME = LocalEngine.NAME;
  /** Attribute of snapshots and clones: {@code reflink} or {@code copy}. */
  public static final String COPY_METHOD_ATTRIBUTE = LocalEngine.COPY_METHOD;
  /** Attribute of snapshots and volumes: the directory holding the files. */
  public static final String PATH_ATTRIBUTE = LocalEngine.PATH;

  private final LocalEngine engine;

  private LocalSnapshotProvider(LocalEngine engine) {
    this.engine = engine;
  }

  /**
   * Opens the provider on {@code root} (created if missing) with {@link CopyMode#AUTO}.
   *
   * @throws InvalidRequestException when {@code root} is null
   * @throws BackendFailureException when the root cannot be created or used
   */
  public static LocalSnapshotProvider open(Path root) {
    return open(root, CopyMode.AUTO);
  }

  /**
   * Opens the provider on {@code root} (created if missing). Probes once whether the file system
   * offers reflink, and removes what crashed operations left (never what a live process builds).
   *
   * @throws InvalidRequestException when an argument is null, or naming {@code copyMode} when
   *     {@link CopyMode#REFLINK} is asked for and the file system cannot do it
   * @throws BackendFailureException when the root cannot be created or used
   */
  public static LocalSnapshotProvider open(Path root, CopyMode copyMode) {
    return new LocalSnapshotProvider(LocalEngine.open(root, copyMode));
  }

  /** The root directory (as a real path). */
  public Path root() {
    return engine.root();
  }

  /** The copy method in use: {@link CopyMode#REFLINK} or {@link CopyMode#COPY} (never AUTO). */
  public CopyMode copyMethod() {
    return CopyMode.parse(engine.copyMethod());
  }

  /**
   * The directory of a volume, to put files in (demos, tests) or mount.
   *
   * @throws InvalidRequestException when the name is not a valid volume name
   * @throws NotFoundException when the volume does not exist
   */
  public Path volumePath(VolumeRef volume) {
    return engine.volumePath(volume);
  }

  /**
   * Creates an empty source volume: a directory without the ownership label, which
   * {@link #deleteVolume} therefore refuses to delete unless forced.
   *
   * @throws InvalidRequestException naming {@code name} when it is not a valid volume name
   * @throws ConflictException when a volume of that name exists
   * @throws BackendFailureException when the directory cannot be created
   */
  public VolumeRef createEmptyVolume(String name) {
    return engine.createEmptyVolume(name);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@link Capability#CLONE}, {@link Capability#RESTORE_IN_PLACE},
   * {@link Capability#VOLUME_MANAGEMENT}, and {@link Capability#COPY_ON_WRITE} with reflink.
   */
  @Override
  public Set<Capability> capabilities() {
    return engine.capabilities();
  }

  /**
   * Copies the source volume and returns the snapshot, already READY (see the class comment on
   * the freeze window). A name is generated when none is given:
   * {@code <volume>-<yyyyMMdd-HHmmss>-<6 random characters>} (UTC). A retry with the same request
   * id returns the first attempt's snapshot, waiting for it when it is still being copied.
   *
   * @throws InvalidRequestException naming {@code source} or {@code name} when not a valid name,
   *     or {@code source} when the volume's directory is a symbolic link (never followed: it would
   *     copy data from outside the root)
   * @throws NotFoundException ({@code volume}) when the source volume does not exist
   * @throws ConflictException when the name is taken by a snapshot of another request (the
   *     message says when that is an earlier fork's source snapshot, and how to remove it)
   * @throws BackendFailureException when the copy fails (nothing is left behind)
   * @throws dev.snapfork.SnapshotException when the thread is interrupted during the copy: the
   *     partial copy is removed before it is thrown and the interrupt status stays set
   */
  @Override
  public Snapshot create(SnapshotRequest request) {
    return engine.create(request);
  }

  /**
   * @throws InvalidRequestException naming {@code snapshotId} when not a valid id
   * @throws NotFoundException when there is no such snapshot
   * @throws BackendFailureException when its metadata cannot be read
   */
  @Override
  public Snapshot get(String snapshotId) {
    return engine.get(snapshotId);
  }

  /**
   * Snapshots in id order; the page token is the last id of the previous page. Only the ids are
   * held in memory for the whole listing; metadata is read for the page's candidates.
   *
   * @throws InvalidRequestException naming {@code page.token} for a malformed token
   */
  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    return engine.list(filter, page);
  }

  /**
   * Deletes a snapshot: renames it out of sight atomically, then removes its files.
   *
   * @return {@code false} when there was no such snapshot
   * @throws InvalidRequestException naming {@code snapshotId} when not a valid id
   * @throws BackendFailureException when it cannot be renamed
   */
  @Override
  public boolean delete(String snapshotId) {
    return engine.delete(snapshotId);
  }

  /**
   * Local snapshots are READY once {@link #create} returns, so this returns at once.
   *
   * @throws NotFoundException when there is no such snapshot
   * @throws InvalidRequestException when the id is invalid or the timeout not positive
   */
  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    return engine.awaitReady(snapshotId, timeout);
  }

  /**
   * Copies a snapshot into a new writable volume labelled as managed, with the request id. The
   * local provider takes no parameters.
   *
   * @throws InvalidRequestException naming {@code parameters[key]} for any parameter, or the
   *     field of an invalid name, or {@code sizeBytes} below the snapshot's size
   * @throws NotFoundException ({@code snapshot}) when the snapshot does not exist
   * @throws ConflictException when the target exists and is not this request's earlier clone
   * @throws BackendFailureException when the copy fails (nothing is left behind)
   */
  @Override
  public Volume createVolume(CloneRequest request) {
    return engine.createVolume(request);
  }

  /**
   * @throws InvalidRequestException naming {@code volume} when not a valid name
   * @throws NotFoundException when there is no such volume
   */
  @Override
  public Volume getVolume(VolumeRef volume) {
    return engine.getVolume(volume);
  }

  /**
   * Volumes (sources and clones) in name order; the page token is the last name of the previous
   * page.
   *
   * @throws InvalidRequestException naming {@code page.token} for a malformed token
   */
  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    return engine.listVolumes(filter, page);
  }

  /**
   * Deletes a volume; refuses one without the ownership label unless {@code force}.
   *
   * @return {@code false} when there was no such volume
   * @throws ConflictException when the volume is not managed and {@code force} is false
   * @throws InvalidRequestException naming {@code volume} when not a valid name
   */
  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    return engine.deleteVolume(volume, force);
  }

  /**
   * Replaces the source volume's content with the snapshot's: the snapshot is copied beside the
   * volume, then swapped in by two renames under the root lock (a crash between them is repaired
   * at the next open by putting the old content back). Processes holding files of the old
   * content open keep seeing the old content.
   *
   * @throws NotFoundException when the snapshot or its source volume does not exist
   * @throws InvalidRequestException naming {@code snapshotId} when the source volume's directory
   *     is a symbolic link (as {@link #create} refuses it)
   * @throws BackendFailureException when the copy or the swap fails (the volume is unchanged)
   */
  @Override
  public void restore(String snapshotId) {
    engine.restore(snapshotId);
  }

  /** Stops the copy threads. Idempotent; later calls fail with a SnapshotException. */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "LocalSnapshotProvider{root=" + engine.root() + ", copyMethod=" + engine.copyMethod() + "}";
  }
}

package dev.snapfork;

import dev.snapfork.spi.Backoff;
import dev.snapfork.spi.ReadyPoller;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One storage backend's snapshots and volumes, behind a vendor-neutral API. Obtain one from
 * configuration with {@link dev.snapfork.config.Providers#load} (or a backend's own builder), and
 * close it when done.
 *
 * <p>Semantics every implementation keeps:
 * <ul>
 *   <li><b>Cut vs ready.</b> {@link #create} returns as soon as the point in time is fixed
 *       ({@link SnapshotState#PENDING} or already {@link SnapshotState#READY}); {@link #awaitReady}
 *       waits for completion.
 *   <li><b>Idempotency.</b> A create whose request id matches an earlier snapshot returns that
 *       snapshot instead of making another.
 *   <li><b>Ownership.</b> Everything created carries {@link Labels#MANAGED_BY} and
 *       {@link Labels#REQUEST_ID}. Source volumes are never modified (except by {@link #restore}).
 *   <li><b>Errors.</b> Only {@link SnapshotException} subclasses are thrown; bad input fails with
 *       {@link InvalidRequestException} before any remote call.
 * </ul>
 * Implementations are thread-safe.
 */
public interface SnapshotProvider extends AutoCloseable {

  /** The provider's configuration name, e.g. {@code local}, {@code portworx}. */
  String name();

  /** The optional operations this provider supports. */
  Set<Capability> capabilities();

  /** Whether {@link #capabilities()} contains {@code capability}. */
  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  /**
   * Cuts a snapshot of {@code request.source()} and returns once the point in time is fixed. A
   * retry with the same request id returns the first attempt's snapshot.
   *
   * @throws InvalidRequestException for a name or label the backend would reject
   * @throws NotFoundException when the source volume does not exist
   * @throws ConflictException when the name is taken by a snapshot of another request
   * @throws PermissionDeniedException when the credentials may not snapshot the volume
   * @throws UnavailableException when the backend is unreachable or throttling (retryable)
   * @throws BackendFailureException when the backend reports the snapshot failed
   */
  Snapshot create(SnapshotRequest request);

  /**
   * Cuts several volumes at one instant in one native call (crash-consistent across the group).
   * Only for providers with {@link Capability#NATIVE_GROUP}; the {@link dev.snapfork.Snapshotter}
   * otherwise cuts the volumes concurrently under one freeze.
   *
   * @param groupId shared by the group's snapshots as {@link Labels#GROUP_ID}
   * @return one snapshot per request, in request order
   * @throws UnsupportedCapabilityException when the provider has no native group operation
   */
  default List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    throw new UnsupportedCapabilityException(name(), Capability.NATIVE_GROUP);
  }

  /**
   * The snapshot with this id.
   *
   * @throws NotFoundException when there is none
   * @throws InvalidRequestException when {@code snapshotId} is blank
   */
  Snapshot get(String snapshotId);

  /**
   * One page of snapshots passing {@code filter}, in a stable order.
   *
   * @throws InvalidRequestException for a malformed page token
   */
  Page<Snapshot> list(SnapshotFilter filter, PageRequest page);

  /**
   * Every snapshot passing {@code filter}, fetched page by page as the stream is consumed, so a
   * large listing never sits in memory at once. Backend errors surface from the stream's
   * terminal operation.
   */
  default Stream<Snapshot> stream(SnapshotFilter filter) {
    return pages(page -> list(filter, page));
  }

  /**
   * Deletes a snapshot. Idempotent: deleting a snapshot that does not exist (or is already gone)
   * returns {@code false} and is not an error.
   *
   * @return {@code true} if a snapshot was deleted, {@code false} if there was none
   * @throws InvalidRequestException when {@code snapshotId} is blank
   * @throws ConflictException when the snapshot is in use and the backend refuses (e.g. clones
   *     depend on it)
   */
  boolean delete(String snapshotId);

  /**
   * Waits until the snapshot is {@link SnapshotState#READY}. The default polls {@link #get} with
   * capped exponential backoff and jitter; backends with a watch override it.
   *
   * @param timeout how long to wait at most; positive
   * @return the ready snapshot
   * @throws SnapshotTimeoutException when it is not ready within {@code timeout}
   * @throws BackendFailureException when the snapshot failed
   * @throws NotFoundException when it does not exist (or was deleted while waiting)
   * @throws InvalidRequestException when the id is blank or the timeout not positive
   */
  default Snapshot awaitReady(String snapshotId, Duration timeout) {
    return ReadyPoller.await(this, snapshotId, timeout, Backoff.POLLING);
  }

  /**
   * Clones a ready snapshot into a new writable volume. A retry with the same request id returns
   * the volume the first attempt made.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#CLONE}
   * @throws NotFoundException when the snapshot does not exist
   * @throws BackendFailureException when the snapshot is not ready or failed
   * @throws ConflictException when a volume with the target name exists and is not this request's
   * @throws InvalidRequestException for a bad name, size below the snapshot's, or unknown parameter
   */
  Volume createVolume(CloneRequest request);

  /**
   * The volume with this reference.
   *
   * @throws NotFoundException when there is none
   */
  Volume getVolume(VolumeRef volume);

  /**
   * One page of volumes passing {@code filter}.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#VOLUME_MANAGEMENT}
   */
  default Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    throw new UnsupportedCapabilityException(name(), Capability.VOLUME_MANAGEMENT);
  }

  /** Every volume passing {@code filter}, fetched page by page as consumed. */
  default Stream<Volume> streamVolumes(VolumeFilter filter) {
    return pages(page -> listVolumes(filter, page));
  }

  /**
   * Deletes a volume Snapfork created. Idempotent like {@link #delete}. Refuses volumes without
   * the ownership label unless {@code force} is set: a source volume is never deleted by accident.
   *
   * @return {@code true} if deleted, {@code false} if there was none
   * @throws UnsupportedCapabilityException without {@link Capability#VOLUME_MANAGEMENT}
   * @throws ConflictException when the volume is not managed and {@code force} is false
   */
  default boolean deleteVolume(VolumeRef volume, boolean force) {
    throw new UnsupportedCapabilityException(name(), Capability.VOLUME_MANAGEMENT);
  }

  /**
   * Restores the snapshot's source volume, in place, to the snapshot's content. Destructive:
   * only ever done through this explicit call.
   *
   * @throws UnsupportedCapabilityException without {@link Capability#RESTORE_IN_PLACE}
   * @throws NotFoundException when the snapshot or its source does not exist
   */
  default void restore(String snapshotId) {
    throw new UnsupportedCapabilityException(name(), Capability.RESTORE_IN_PLACE);
  }

  /** Releases connections and threads. Idempotent. Does not throw checked exceptions. */
  @Override
  void close();

  /** Turns a page-fetching function into a lazy stream. */
  private static <T> Stream<T> pages(java.util.function.Function<PageRequest, Page<T>> fetch) {
    Iterator<T> it = new Iterator<>() {
      private Iterator<T> current = List.<T>of().iterator();
      private PageRequest next = PageRequest.first();
      private boolean done;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && !done) {
          Page<T> page = fetch.apply(next);
          current = page.items().iterator();
          if (page.nextToken().isPresent()) {
            next = next.next(page.nextToken().get());
          } else {
            done = true;
          }
        }
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}

package dev.snapfork.testkit;

import dev.snapfork.BackendFailureException;
import dev.snapfork.Capability;
import dev.snapfork.CloneRequest;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import dev.snapfork.NotFoundException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import dev.snapfork.Snapshot;
import dev.snapfork.SnapshotException;
import dev.snapfork.SnapshotFilter;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.SnapshotRequest;
import dev.snapfork.SnapshotState;
import dev.snapfork.SnapshotTimeoutException;
import dev.snapfork.UnsupportedCapabilityException;
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.spi.Checks;
import dev.snapfork.testkit.internal.PageTokens;
import dev.snapfork.testkit.internal.Sleeper;
import dev.snapfork.testkit.internal.StoredSnapshot;
import dev.snapfork.testkit.internal.StoredVolume;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link SnapshotProvider} (name {@value #NAME}) that keeps volumes and snapshots in memory, for
 * users' own tests. It keeps the same semantics as a real backend: ownership and request-id labels,
 * idempotent create and clone, idempotent delete, {@link NotFoundException} carrying the id,
 * {@link InvalidRequestException} before anything else, paging with opaque tokens, and
 * {@link ConflictException} when deleting an unmanaged volume without force.
 *
 * <p>Latency is configurable: {@link Builder#cutLatency} makes {@link #create} block that long
 * before it returns; {@link Builder#readyLatency} makes a snapshot turn {@link SnapshotState#READY}
 * that long after its cut, as measured by the {@link Builder#clock clock} (no background thread).
 * Faults are injectable: {@link #failNext} throws on the next call of an operation,
 * {@link #failSnapshot} and {@link #failSnapshotsOf} make snapshots end {@link SnapshotState#FAILED},
 * and {@link #holdPending} keeps snapshots of a volume pending until released.
 *
 * <p>Capabilities: {@link Capability#CLONE}, {@link Capability#RESTORE_IN_PLACE},
 * {@link Capability#VOLUME_MANAGEMENT} (snapshots and clones are full copies), and
 * {@link Capability#NATIVE_GROUP} when {@link Builder#nativeGroup(boolean) enabled}. Calls that
 * pass validation are counted per {@link Operation} ({@link #calls}): that is what a remote backend
 * would have received. Thread-safe. After {@link #close()} every operation throws
 * {@link SnapshotException}.
 */
public final class InMemorySnapshotProvider implements SnapshotProvider {
  /** The provider name. */
  public static final String NAME = "memory";
  /** Size of a source volume created without content. */
  public static final int DEFAULT_VOLUME_SIZE = 4096;

  private final Duration cutLatency;
  private final Duration readyLatency;
  private final boolean nativeGroup;
  private final Clock clock;
  private final Set<Capability> capabilities;

  private final Object lock = new Object();
  private final Map<String, StoredSnapshot> snapshots = new LinkedHashMap<>();
  // Indexes over snapshots (guarded by lock), so a create stays O(1) with many snapshots around.
  private final Map<String, String> snapshotIdByRequest = new java.util.HashMap<>();
  private final Map<String, String> snapshotIdByName = new java.util.HashMap<>();
  private final Map<String, StoredVolume> volumes = new LinkedHashMap<>();
  private final Map<Operation, Queue<RuntimeException>> injected = new EnumMap<>(Operation.class);
  private final Map<String, String> failingSources = new HashMap<>();
  private final Set<String> heldSources = new HashSet<>();
  private final CallCounts counts = new CallCounts();
  private long sequence;
  private volatile boolean closed;

  private InMemorySnapshotProvider(Builder b) {
    this.cutLatency = b.cutLatency;
    this.readyLatency = b.readyLatency;
    this.nativeGroup = b.nativeGroup;
    this.clock = b.clock;
    EnumSet<Capability> caps = EnumSet.of(Capability.CLONE, Capability.RESTORE_IN_PLACE, Capability.VOLUME_MANAGEMENT);
    if (nativeGroup) {
      caps.add(Capability.NATIVE_GROUP);
    }
    this.capabilities = Collections.unmodifiableSet(caps);
  }

  /** A builder with no latency, no native group, the system UTC clock. */
  public static Builder builder() {
    return new Builder();
  }

  /** A provider with no latency: snapshots are ready at the cut. */
  public static InMemorySnapshotProvider create() {
    return builder().build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  // ---------------------------------------------------------------- test helpers

  /**
   * Creates an unmanaged source volume of {@value #DEFAULT_VOLUME_SIZE} zero bytes.
   *
   * @throws InvalidRequestException for a bad name
   * @throws ConflictException when a volume with that name exists
   */
  public VolumeRef createSourceVolume(String name) {
    return createSourceVolume(name, new byte[DEFAULT_VOLUME_SIZE]);
  }

  /**
   * Creates an unmanaged source volume holding a copy of {@code content}.
   *
   * @throws InvalidRequestException for a bad name or null content
   * @throws ConflictException when a volume with that name exists
   */
  public VolumeRef createSourceVolume(String name, byte[] content) {
    Checks.name("name", name);
    Checks.notNull("content", content);
    ensureOpen();
    synchronized (lock) {
      if (volumes.containsKey(name)) {
        throw new ConflictException("volume " + name + " already exists", null, false);
      }
      VolumeRef ref = VolumeRef.of(name);
      volumes.put(name, new StoredVolume(++sequence, ref, null, clock.instant(), Map.of(), content.clone()));
      return ref;
    }
  }

  /**
   * Overwrites the start of a volume's content (growing it if needed). Not counted.
   *
   * @throws NotFoundException when the volume does not exist
   */
  public void writeVolume(VolumeRef volume, byte[] data) {
    Checks.notNull("volume", volume);
    Checks.notNull("data", data);
    synchronized (lock) {
      volume(volume).write(data);
    }
  }

  /** A copy of a volume's whole content. Not counted. @throws NotFoundException when missing */
  public byte[] readVolume(VolumeRef volume) {
    Checks.notNull("volume", volume);
    synchronized (lock) {
      return volume(volume).content.clone();
    }
  }

  /** A {@link VolumeData} view of this provider's volumes, for the compatibility kit. */
  public VolumeData volumeData() {
    return new VolumeData() {
      @Override
      public void write(VolumeRef volume, byte[] data) {
        writeVolume(volume, data);
      }

      @Override
      public byte[] read(VolumeRef volume, int length) {
        return Arrays.copyOf(readVolume(volume), length);
      }
    };
  }

  /** Makes the next call of {@code op} that passes validation throw {@code failure}. Queued. */
  public void failNext(Operation op, SnapshotException failure) {
    Checks.notNull("op", op);
    Checks.notNull("failure", failure);
    synchronized (lock) {
      injected.computeIfAbsent(op, k -> new ArrayDeque<>()).add(failure);
    }
  }

  /**
   * Makes an existing snapshot {@link SnapshotState#FAILED} from now on, with {@code message}.
   *
   * @throws NotFoundException when there is no such snapshot
   */
  public void failSnapshot(String snapshotId, String message) {
    Checks.notBlank("snapshotId", snapshotId);
    Checks.notBlank("message", message);
    synchronized (lock) {
      StoredSnapshot s = snapshot(snapshotId);
      s.failure = message;
      s.failAt = clock.instant();
    }
  }

  /**
   * Snapshots of {@code source} cut from now on end {@link SnapshotState#FAILED} with
   * {@code message} when they would have become ready.
   */
  public void failSnapshotsOf(VolumeRef source, String message) {
    Checks.notNull("source", source);
    Checks.notBlank("message", message);
    synchronized (lock) {
      failingSources.put(source.id(), message);
    }
  }

  /**
   * Snapshots of {@code source} cut from now on stay {@link SnapshotState#PENDING} until
   * {@link #releasePending(VolumeRef)}.
   */
  public void holdPending(VolumeRef source) {
    Checks.notNull("source", source);
    synchronized (lock) {
      heldSources.add(source.id());
    }
  }

  /** Lets held snapshots of {@code source} become ready (at their ready time) and stops holding. */
  public void releasePending(VolumeRef source) {
    Checks.notNull("source", source);
    synchronized (lock) {
      heldSources.remove(source.id());
      snapshots.values().stream().filter(s -> s.source.equals(source)).forEach(s -> s.held = false);
    }
  }

  /** How many calls of {@code op} passed validation (what a remote backend would have received). */
  public long calls(Operation op) {
    return counts.get(op);
  }

  /** The call counters. */
  public CallCounts callCounts() {
    return counts;
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * {@inheritDoc}
   *
   * <p>Blocks for the cut latency (interruptibly: an interrupt throws {@link SnapshotException}
   * and keeps the flag) and captures the source's content at the end of it.
   */
  @Override
  public Snapshot create(SnapshotRequest request) {
    Checks.notNull("request", request);
    enter(Operation.CREATE);
    synchronized (lock) {
      Optional<Snapshot> earlier = findByRequest(request);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      precheck(request);
    }
    Sleeper.sleep(cutLatency, "cutting a snapshot of " + request.source());
    synchronized (lock) {
      Optional<Snapshot> earlier = findByRequest(request);
      if (earlier.isPresent()) {
        return earlier.get();
      }
      precheck(request);
      return cut(request, Map.of(), clock.instant()).view(clock.instant());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Cuts every volume under one lock at one instant, after one cut latency.
   *
   * @throws InvalidRequestException for a blank group id, an empty list or a null entry
   */
  @Override
  public List<Snapshot> createGroup(String groupId, List<SnapshotRequest> requests) {
    Checks.name("groupId", groupId);
    Checks.notNull("requests", requests);
    if (requests.isEmpty()) {
      throw new InvalidRequestException("requests", "must not be empty");
    }
    for (int i = 0; i < requests.size(); i++) {
      Checks.notNull("requests[" + i + "]", requests.get(i));
    }
    if (!nativeGroup) {
      throw new UnsupportedCapabilityException(NAME, Capability.NATIVE_GROUP);
    }
    enter(Operation.CREATE_GROUP);
    synchronized (lock) {
      for (SnapshotRequest r : requests) {
        if (findByRequest(r).isEmpty()) {
          precheck(r);
        }
      }
    }
    Sleeper.sleep(cutLatency, "cutting group " + groupId);
    synchronized (lock) {
      Instant now = clock.instant();
      for (SnapshotRequest r : requests) {
        if (findByRequest(r).isEmpty()) {
          precheck(r);
        }
      }
      List<Snapshot> out = new ArrayList<>();
      for (SnapshotRequest r : requests) {
        Optional<Snapshot> earlier = findByRequest(r);
        out.add(earlier.isPresent() ? earlier.get() : cut(r, Map.of(Labels.GROUP_ID, groupId), now).view(now));
      }
      return List.copyOf(out);
    }
  }

  @Override
  public Snapshot get(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    enter(Operation.GET);
    synchronized (lock) {
      return snapshot(snapshotId).view(clock.instant());
    }
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    long after = PageTokens.after(page);
    enter(Operation.LIST);
    synchronized (lock) {
      Instant now = clock.instant();
      return page(snapshots.values(), s -> s.seq, s -> s.view(now), filter::matches, after, page.size());
    }
  }

  @Override
  public boolean delete(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    enter(Operation.DELETE);
    synchronized (lock) {
      StoredSnapshot removed = snapshots.remove(snapshotId);
      if (removed == null) {
        return false;
      }
      snapshotIdByName.remove(removed.name, removed.id);
      String requestId = removed.labels.get(Labels.REQUEST_ID);
      if (requestId != null) {
        snapshotIdByRequest.remove(requestId, removed.id);
      }
      return true;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Readiness is judged by the clock; the deadline by {@link System#nanoTime()}.
   */
  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    Checks.notBlank("snapshotId", snapshotId);
    Checks.positive("timeout", timeout);
    enter(Operation.AWAIT_READY);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      Snapshot s;
      Duration untilReady;
      synchronized (lock) {
        StoredSnapshot stored = snapshot(snapshotId);
        s = stored.view(clock.instant());
        untilReady = Duration.between(clock.instant(), stored.readyAt);
      }
      if (s.state() == SnapshotState.READY) {
        return s;
      }
      if (s.state() == SnapshotState.FAILED) {
        throw new BackendFailureException("snapshot " + snapshotId + " failed: " + s.failureMessage().orElse("unknown"), null);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new SnapshotTimeoutException("snapshot " + snapshotId + " not ready after " + timeout + " (state "
            + s.state() + ")", Duration.ofNanos(System.nanoTime() - start));
      }
      long step = Math.min(remaining, Duration.ofMillis(20).toNanos());
      if (!untilReady.isNegative() && !untilReady.isZero()) {
        step = Math.min(step, untilReady.toNanos());
      }
      Sleeper.sleep(Duration.ofNanos(Math.max(step, 1)), "waiting for snapshot " + snapshotId);
    }
  }

  // ---------------------------------------------------------------- volumes

  /**
   * {@inheritDoc}
   *
   * <p>Accepts no parameters: every parameter key is unknown to this provider.
   */
  @Override
  public Volume createVolume(CloneRequest request) {
    Checks.notNull("request", request);
    for (String key : request.parameters().keySet()) {
      throw new InvalidRequestException("parameters[" + key + "]", "is not a parameter of the memory provider (it has none)");
    }
    enter(Operation.CREATE_VOLUME);
    synchronized (lock) {
      for (StoredVolume v : volumes.values()) {
        if (request.requestId().equals(v.labels.get(Labels.REQUEST_ID)) && Labels.isManaged(v.labels)) {
          return v.view();
        }
      }
      StoredSnapshot s = snapshot(request.snapshotId());
      SnapshotState state = s.state(clock.instant());
      if (state != SnapshotState.READY) {
        throw new BackendFailureException("snapshot " + s.id + " is " + state + ", not READY; cannot clone it", null);
      }
      long size = request.sizeBytes().orElse(s.content.length);
      if (size < s.content.length) {
        throw new InvalidRequestException("sizeBytes", "must be at least the snapshot's size " + s.content.length + ", got " + size);
      }
      if (size > Integer.MAX_VALUE - 8) {
        throw new InvalidRequestException("sizeBytes", "must fit in memory (at most " + (Integer.MAX_VALUE - 8) + "), got " + size);
      }
      if (volumes.containsKey(request.targetName())) {
        throw new ConflictException("volume " + request.targetName() + " already exists and was not made by request "
            + request.requestId(), null, false);
      }
      VolumeRef ref = VolumeRef.of(request.targetName());
      StoredVolume v = new StoredVolume(++sequence, ref, s.id, clock.instant(), request.effectiveLabels(),
          Arrays.copyOf(s.content, (int) size));
      volumes.put(ref.id(), v);
      return v.view();
    }
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    Checks.notNull("volume", volume);
    enter(Operation.GET_VOLUME);
    synchronized (lock) {
      return volume(volume).view();
    }
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    long after = PageTokens.after(page);
    enter(Operation.LIST_VOLUMES);
    synchronized (lock) {
      return page(volumes.values(), v -> v.seq, StoredVolume::view, filter::matches, after, page.size());
    }
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    Checks.notNull("volume", volume);
    enter(Operation.DELETE_VOLUME);
    synchronized (lock) {
      StoredVolume v = volumes.get(volume.id());
      if (v == null) {
        return false;
      }
      if (!force && !Labels.isManaged(v.labels)) {
        throw new ConflictException("volume " + volume + " is not managed by Snapfork (no " + Labels.MANAGED_BY
            + " label); refusing to delete it without force", null, false);
      }
      volumes.remove(volume.id());
      return true;
    }
  }

  @Override
  public void restore(String snapshotId) {
    Checks.notBlank("snapshotId", snapshotId);
    enter(Operation.RESTORE);
    synchronized (lock) {
      StoredSnapshot s = snapshot(snapshotId);
      SnapshotState state = s.state(clock.instant());
      if (state != SnapshotState.READY) {
        throw new BackendFailureException("snapshot " + s.id + " is " + state + ", not READY; cannot restore it", null);
      }
      StoredVolume target = volume(s.source);
      target.content = s.content.clone();
    }
  }

  /** Idempotent; afterwards every operation throws {@link SnapshotException}. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemorySnapshotProvider{cutLatency=" + cutLatency + ", readyLatency=" + readyLatency
        + ", nativeGroup=" + nativeGroup + "}";
  }

  // ---------------------------------------------------------------- internals

  private void ensureOpen() {
    if (closed) {
      throw new SnapshotException("the memory provider is closed");
    }
  }

  /** Counts a call that passed validation and throws an injected failure, if any. */
  private void enter(Operation op) {
    ensureOpen();
    counts.increment(op);
    RuntimeException failure;
    synchronized (lock) {
      Queue<RuntimeException> q = injected.get(op);
      failure = q == null ? null : q.poll();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Optional<Snapshot> findByRequest(SnapshotRequest request) {
    String id = snapshotIdByRequest.get(request.requestId());
    StoredSnapshot s = id == null ? null : snapshots.get(id);
    if (s == null || !Labels.isManaged(s.labels)) {
      return Optional.empty();
    }
    return Optional.of(s.view(clock.instant()));
  }

  private void precheck(SnapshotRequest request) {
    volume(request.source());
    if (request.name().isPresent()) {
      String name = request.name().get();
      String taken = snapshotIdByName.get(name);
      if (taken != null) {
        throw new ConflictException("snapshot name " + name + " is taken by snapshot " + taken
            + " of another request", null, false);
      }
    }
  }

  private StoredSnapshot cut(SnapshotRequest request, Map<String, String> extraLabels, Instant now) {
    StoredVolume source = volume(request.source());
    long seq = ++sequence;
    String id = "snap-" + seq;
    Map<String, String> labels = new LinkedHashMap<>(request.effectiveLabels());
    labels.putAll(extraLabels);
    StoredSnapshot s = new StoredSnapshot(seq, id, request.name().orElse("memory-snap-" + seq), request.source(),
        now, now.plus(readyLatency), source.content.clone(), labels);
    s.held = heldSources.contains(request.source().id());
    String failure = failingSources.get(request.source().id());
    if (failure != null) {
      s.failure = failure;
      s.failAt = s.readyAt;
    }
    snapshots.put(id, s);
    snapshotIdByName.put(s.name, id);
    snapshotIdByRequest.putIfAbsent(request.requestId(), id);
    return s;
  }

  private StoredSnapshot snapshot(String id) {
    StoredSnapshot s = snapshots.get(id);
    if (s == null) {
      throw new NotFoundException("snapshot", id);
    }
    return s;
  }

  private StoredVolume volume(VolumeRef ref) {
    StoredVolume v = volumes.get(ref.id());
    if (v == null) {
      throw new NotFoundException("volume", ref.id());
    }
    return v;
  }

  private static <S, T> Page<T> page(Iterable<S> all, java.util.function.ToLongFunction<S> seq, Function<S, T> view,
      Predicate<T> filter, long after, int size) {
    List<T> items = new ArrayList<>();
    long last = -1;
    for (S s : all) {
      if (seq.applyAsLong(s) <= after) {
        continue;
      }
      T t = view.apply(s);
      if (!filter.test(t)) {
        continue;
      }
      if (items.size() == size) {
        return new Page<>(items, PageTokens.next(last));
      }
      items.add(t);
      last = seq.applyAsLong(s);
    }
    return Page.last(items);
  }

  /** Builds an {@link InMemorySnapshotProvider}. */
  public static final class Builder {
    private Duration cutLatency = Duration.ZERO;
    private Duration readyLatency = Duration.ZERO;
    private boolean nativeGroup;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** How long {@code create} blocks before it returns. @throws InvalidRequestException when negative */
    public Builder cutLatency(Duration latency) {
      this.cutLatency = nonNegative("cutLatency", latency);
      return this;
    }

    /** How long after the cut a snapshot turns ready. @throws InvalidRequestException when negative */
    public Builder readyLatency(Duration latency) {
      this.readyLatency = nonNegative("readyLatency", latency);
      return this;
    }

    /** Whether to offer {@link Capability#NATIVE_GROUP} ({@code createGroup} cuts all at once). */
    public Builder nativeGroup(boolean enabled) {
      this.nativeGroup = enabled;
      return this;
    }

    /** The clock for cut times and readiness, e.g. a {@link ManualClock}. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull("clock", clock);
      return this;
    }

    /** The provider. */
    public InMemorySnapshotProvider build() {
      return new InMemorySnapshotProvider(this);
    }

    private static Duration nonNegative(String field, Duration d) {
      Checks.notNull(field, d);
      if (d.isNegative()) {
        throw new InvalidRequestException(field, "must not be negative, got " + d);
      }
      return d;
    }
  }
}

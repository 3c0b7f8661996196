package dev.snapfork.internal.local;

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
import dev.snapfork.Volume;
import dev.snapfork.VolumeFilter;
import dev.snapfork.VolumeRef;
import dev.snapfork.spi.Checks;
import dev.snapfork.internal.local.MetadataStore.VolumeMeta;
import dev.snapfork.local.CopyMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} provider's implementation behind {@link dev.snapfork.local.LocalSnapshotProvider}.
 * See {@link LocalLayout} for the directory layout.
 *
 * <p>Locking: every decision that depends on what exists on disk (request-id lookup, name
 * reservation, publish, delete, cleanup) is made under the {@link RootLock}; the long copies run
 * outside it, each builder holding the {@link BuildLock} of its own temporary directory.
 */
public final class LocalEngine implements SnapshotProvider {
  /** The provider name. */
  public static final String NAME = "local";
  /** Snapshot and volume attribute: {@code reflink} or {@code copy}. */
  public static final String COPY_METHOD = "local.copy-method";
  /** Snapshot and volume attribute: the directory holding the files. */
  public static final String PATH = "local.path";

  private static final Logger LOG = LoggerFactory.getLogger(LocalEngine.class);
  private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final int MAX_NAME = 128;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final LocalLayout layout;
  private final RootLock rootLock;
  private final TreeCopier copier;
  private final ExecutorService pool;
  private final RequestIndex snapshotRequests;
  private final RequestIndex volumeRequests;
  private volatile boolean closed;

  private LocalEngine(LocalLayout layout, TreeCopier copier, ExecutorService pool) {
    this.layout = layout;
    this.rootLock = new RootLock(layout.rootLockFile());
    this.copier = copier;
    this.pool = pool;
    this.snapshotRequests = new RequestIndex(layout.requests().resolve("snapshot"));
    this.volumeRequests = new RequestIndex(layout.requests().resolve("volume"));
  }

  /**
   * Opens (creating if needed) a root and cleans what crashed builders left. With
   * {@link CopyMode#REFLINK} it checks reflink support now; with {@link CopyMode#AUTO} it probes on
   * the first copy (or the first call to {@link #copyMethod()} or {@link #capabilities()}).
   *
   * @throws InvalidRequestException naming {@code copyMode} when reflink is required but missing
   * @throws BackendFailureException when the root cannot be created or used
   */
  public static LocalEngine open(Path root, CopyMode mode) {
    return open(root, mode, UnaryOperator.identity());
  }

  /** {@link #open(Path, CopyMode)} with the copier wrapped, for tests that stop a copy half-way. */
  static LocalEngine open(Path root, CopyMode mode, UnaryOperator<TreeCopier> wrapCopier) {
    Checks.notNull("root", root);
    Checks.notNull("copyMode", mode);
    Path real;
    try {
      Files.createDirectories(root);
      real = root.toRealPath();
      LocalLayout l = new LocalLayout(real);
      for (Path dir : List.of(l.volumes(), l.snapshots(), l.volumeMeta(), l.locks(), l.requests())) {
        Files.createDirectories(dir);
      }
    } catch (IOException e) {
      throw Io.failure("opening the local root", root, e);
    }
    LocalLayout layout = new LocalLayout(real);
    if (mode == CopyMode.REFLINK && !ReflinkTreeCopier.probe(layout.snapshots())) {
      throw new InvalidRequestException(
          "copyMode", "reflink was requested but the file system at " + real
              + " does not support it (cp --reflink=always failed); use auto or copy");
    }
    ExecutorService pool = null;
    TreeCopier copier;
    if (mode == CopyMode.REFLINK) {
      copier = new ReflinkTreeCopier();
    } else {
      // Threads start only when a copy runs.
      int threads = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
      pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "snapfork-local-copy-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      TreeCopier javaCopy = new JavaTreeCopier(pool);
      // auto probes for reflink on first use, not here: opening a root stays cheap.
      copier = mode == CopyMode.AUTO ? new ProbingTreeCopier(layout.snapshots(), new ReflinkTreeCopier(), javaCopy) : javaCopy;
    }
    LocalEngine engine = new LocalEngine(layout, wrapCopier.apply(copier), pool);
    try {
      new LocalRecovery(layout, engine.rootLock, engine::deleteQuietly).run();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  /** The root directory (real path). */
  public Path root() {
    return layout.root();
  }

  /** {@code reflink} or {@code copy}. */
  public String copyMethod() {
    return copier.method();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    EnumSet<Capability> caps = EnumSet.of(Capability.CLONE, Capability.RESTORE_IN_PLACE, Capability.VOLUME_MANAGEMENT);
    if ("reflink".equals(copier.method())) {
      caps.add(Capability.COPY_ON_WRITE);
    }
    return Collections.unmodifiableSet(caps);
  }

  // ---------------------------------------------------------------- volumes for demos and tests

  /** The directory of a volume. @throws NotFoundException when it does not exist */
  public Path volumePath(VolumeRef volume) {
    checkOpen();
    String name = LocalLayout.validName("volume", Checks.notNull("volume", volume).id());
    Path dir = layout.volumeDir(name);
    if (!Files.isDirectory(dir)) {
      throw new NotFoundException("volume", name);
    }
    return dir;
  }

  /** Creates an empty, unmanaged volume directory. @throws ConflictException when it exists */
  public VolumeRef createEmptyVolume(String name) {
    checkOpen();
    String n = LocalLayout.validName("name", name);
    return rootLock.call(() -> {
      Path dir = layout.volumeDir(n);
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || BuildLock.isHeld(layout.buildLockFile(layout.volumeTemp(n)))) {
        throw new ConflictException("volume '" + n + "' already exists", null, false);
      }
      Files.deleteIfExists(layout.volumeMetaFile(n)); // stale metadata must not make it look managed
      Files.createDirectory(dir);
      Io.fsyncDirectory(layout.volumes());
      return VolumeRef.of(n);
    });
  }

  // ---------------------------------------------------------------- snapshots

  @Override
  public Snapshot create(SnapshotRequest request) {
    checkOpen();
    Checks.notNull("request", request);
    String source = LocalLayout.validName("source", request.source().id());
    request.name().ifPresent(n -> LocalLayout.validName("name", n));
    refuseSymlinkedVolume("source", source);
    while (true) {
      Reservation<Snapshot> r = rootLock.call(() -> reserveSnapshot(request, source));
      if (r.existing() != null) {
        return r.existing();
      }
      if (r.lock() == null) {
        pause("snapshot " + r.id());
        continue;
      }
      return buildSnapshot(request, source, r);
    }
  }

  private Reservation<Snapshot> reserveSnapshot(SnapshotRequest request, String source) throws IOException {
    String requestId = request.requestId();
    Optional<String> prior = snapshotRequests.lookup(requestId);
    if (prior.isPresent()) {
      Reservation<Snapshot> found = findSnapshotAttempt(prior.get(), requestId);
      if (found != null) {
        return found;
      }
    }
    String given = request.name().orElse(null);
    if (given != null) {
      Reservation<Snapshot> found = findSnapshotAttempt(given, requestId);
      if (found != null) {
        return found;
      }
      if (Files.exists(layout.snapshotDir(given), LinkOption.NOFOLLOW_LINKS)) {
        throw nameTaken(given);
      }
    }
    refuseSymlinkedVolume("source", source); // again under the root lock, just before the copy starts
    if (!Files.isDirectory(layout.volumeDir(source))) {
      throw new NotFoundException("volume", source);
    }
    while (true) {
      String id = given != null ? given : generateName(source);
      if (given == null && Files.exists(layout.snapshotDir(id), LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path temp = layout.snapshotTemp(id);
      BuildLock lock = BuildLock.tryAcquire(layout.buildLockFile(temp));
      if (lock == null) {
        if (given == null) {
          continue;
        }
        throw new ConflictException("snapshot name '" + given + "' is being created by another request", null, false);
      }
      try {
        FileTrees.deleteTree(temp); // what a crashed attempt at this name left
        Files.createDirectories(temp);
        Snapshot pending = new Snapshot(id, id, request.source(), SnapshotState.PENDING, Instant.now(),
            OptionalLong.empty(), request.effectiveLabels(), Map.of(), Optional.empty());
        MetadataStore.writeSnapshot(temp.resolve(LocalLayout.SNAPSHOT_META), pending, request.description(), copier.method());
        snapshotRequests.record(requestId, id);
        return new Reservation<>(null, id, temp, lock);
      } catch (IOException | RuntimeException e) {
        lock.releaseAndDelete();
        throw e;
      }
    }
  }

  /** The conflict for a snapshot name held by another request's snapshot, saying what it is. */
  private ConflictException nameTaken(String name) {
    Optional<Snapshot> other;
    try {
      other = readSnapshot(name);
    } catch (BackendFailureException malformed) {
      other = Optional.empty();
    }
    Map<String, String> labels = other.map(Snapshot::labels).orElse(Map.of());
    String request = labels.containsKey(Labels.REQUEST_ID) ? " (request " + labels.get(Labels.REQUEST_ID) + ")" : "";
    if (Labels.ROLE_FORK_SOURCE.equals(labels.get(Labels.ROLE))) {
      return new ConflictException("snapshot name '" + name + "' is taken by the source snapshot of an earlier fork" + request
          + ": the leftover of an interrupted fork, or the source of a fork whose clone still exists; remove it with"
          + " `snapfork snapshot delete " + name + "` (`snapfork cleanup --all` removes every managed object)", null, false);
    }
    return new ConflictException("snapshot name '" + name + "' is already taken by a snapshot of another request" + request
        + "; if it is a leftover (e.g. of an interrupted fork), remove it with `snapfork snapshot delete " + name + "`",
        null, false);
  }

  /** This request's attempt at {@code id}: published, being built (wait), or none (null). */
  private Reservation<Snapshot> findSnapshotAttempt(String id, String requestId) throws IOException {
    Optional<Snapshot> published = readSnapshot(id);
    if (published.isPresent() && requestId.equals(published.get().labels().get(Labels.REQUEST_ID))) {
      return new Reservation<>(published.get(), id, null, null);
    }
    Path temp = layout.snapshotTemp(id);
    Optional<Snapshot> building = MetadataStore.readSnapshot(temp.resolve(LocalLayout.SNAPSHOT_META), Map.of());
    if (building.isPresent() && requestId.equals(building.get().labels().get(Labels.REQUEST_ID))
        && BuildLock.isHeld(layout.buildLockFile(temp))) {
      return new Reservation<>(null, id, temp, null);
    }
    return null;
  }

  private Snapshot buildSnapshot(SnapshotRequest request, String source, Reservation<Snapshot> r) {
    String id = r.id();
    Path temp = r.temp();
    BuildLock lock = r.lock();
    boolean published = false;
    try {
      Path src = layout.volumeDir(source);
      long size;
      try {
        // Never src.toRealPath(): the copy must not follow a volume directory that became a link.
        size = copier.copy(src, temp.resolve(LocalLayout.DATA));
      } catch (NoSuchFileException e) {
        if (!Files.isDirectory(src)) {
          throw new NotFoundException("volume", source, "removed while being copied", e);
        }
        throw e;
      }
      Durability.syncTree(temp);
      Snapshot ready = new Snapshot(id, id, request.source(), SnapshotState.READY, Instant.now(), OptionalLong.of(size),
          request.effectiveLabels(), Map.of(), Optional.empty());
      MetadataStore.writeSnapshot(temp.resolve(LocalLayout.SNAPSHOT_META), ready, request.description(), copier.method());
      rootLock.run(() -> {
        Files.move(temp, layout.snapshotDir(id), StandardCopyOption.ATOMIC_MOVE);
        Io.fsyncDirectory(layout.snapshots());
        lock.releaseAndDelete();
      });
      published = true;
      return readSnapshot(id).orElseThrow(() -> new NotFoundException("snapshot", id, "deleted right after create", null));
    } catch (IOException e) {
      throw Io.copyFailure("snapshot of volume " + source, temp, e);
    } finally {
      if (!published) {
        abandon(temp, lock, () -> snapshotRequests.remove(request.requestId(), id));
      }
    }
  }

  @Override
  public Snapshot get(String snapshotId) {
    checkOpen();
    String id = LocalLayout.validName("snapshotId", snapshotId);
    return readSnapshot(id).orElseThrow(() -> new NotFoundException("snapshot", id));
  }

  @Override
  public Page<Snapshot> list(SnapshotFilter filter, PageRequest page) {
    checkOpen();
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    Optional<String> after = page.token().map(LocalEngine::validToken);
    List<String> ids = DirectoryPages.sortedNames(layout.snapshots());
    return DirectoryPages.paginate(ids, after, page.size(), id -> readSnapshot(id).filter(filter::matches), Snapshot::id);
  }

  @Override
  public boolean delete(String snapshotId) {
    checkOpen();
    String id = LocalLayout.validName("snapshotId", snapshotId);
    Path trash = rootLock.call(() -> {
      Path dir = layout.snapshotDir(id);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Optional<Snapshot> s;
      try {
        s = readSnapshot(id);
      } catch (BackendFailureException malformed) {
        s = Optional.empty();
      }
      Path t = layout.trashFor(layout.snapshots(), id);
      Files.move(dir, t, StandardCopyOption.ATOMIC_MOVE);
      Io.fsyncDirectory(layout.snapshots());
      String requestId = s.map(x -> x.labels().get(Labels.REQUEST_ID)).orElse(null);
      if (requestId != null && isValidFileName(requestId)) {
        snapshotRequests.remove(requestId, id);
      }
      return t;
    });
    if (trash == null) {
      return false;
    }
    deleteQuietly(trash);
    return true;
  }

  /** Local snapshots are ready once published: returns {@link #get} at once. */
  @Override
  public Snapshot awaitReady(String snapshotId, Duration timeout) {
    Checks.positive("timeout", timeout);
    return get(snapshotId);
  }

  // ---------------------------------------------------------------- clones and volumes

  @Override
  public Volume createVolume(CloneRequest request) {
    checkOpen();
    Checks.notNull("request", request);
    LocalLayout.validName("snapshotId", request.snapshotId());
    String target = LocalLayout.validName("targetName", request.targetName());
    for (String key : new TreeSet<>(request.parameters().keySet())) {
      throw new InvalidRequestException("parameters[" + key + "]", "is not a parameter of the local provider (it takes none)");
    }
    while (true) {
      Reservation<Volume> r = rootLock.call(() -> reserveVolume(request, target));
      if (r.existing() != null) {
        return r.existing();
      }
      if (r.lock() == null) {
        pause("volume " + target);
        continue;
      }
      return buildVolume(request, target, r);
    }
  }

  private Reservation<Volume> reserveVolume(CloneRequest request, String target) throws IOException {
    String requestId = request.requestId();
    Optional<String> prior = volumeRequests.lookup(requestId);
    if (prior.isPresent()) {
      Reservation<Volume> found = findVolumeAttempt(prior.get(), requestId);
      if (found != null) {
        return found;
      }
    }
    Reservation<Volume> found = findVolumeAttempt(target, requestId);
    if (found != null) {
      return found;
    }
    String snapshotId = request.snapshotId();
    Snapshot snapshot = readSnapshot(snapshotId).orElseThrow(() -> new NotFoundException("snapshot", snapshotId));
    if (!snapshot.ready()) {
      throw new BackendFailureException("snapshot " + snapshotId + " is " + snapshot.state() + ", not READY", null);
    }
    if (request.sizeBytes().isPresent() && snapshot.sizeBytes().isPresent()
        && request.sizeBytes().getAsLong() < snapshot.sizeBytes().getAsLong()) {
      throw new InvalidRequestException("sizeBytes", "must be at least the snapshot's size "
          + snapshot.sizeBytes().getAsLong() + ", got " + request.sizeBytes().getAsLong());
    }
    if (Files.exists(layout.volumeDir(target), LinkOption.NOFOLLOW_LINKS)) {
      throw new ConflictException("volume '" + target + "' already exists and was not created by this request", null, false);
    }
    Path temp = layout.volumeTemp(target);
    BuildLock lock = BuildLock.tryAcquire(layout.buildLockFile(temp));
    if (lock == null) {
      throw new ConflictException("volume '" + target + "' is being created by another request", null, false);
    }
    try {
      FileTrees.deleteTree(temp);
      VolumeMeta creating = new VolumeMeta(target, false, Optional.of(snapshotId), Optional.of(Instant.now()),
          snapshot.sizeBytes(), copier.method(), request.effectiveLabels());
      MetadataStore.writeVolume(layout.volumeMetaFile(target), creating);
      volumeRequests.record(requestId, target);
      return new Reservation<>(null, target, temp, lock, snapshot);
    } catch (IOException | RuntimeException e) {
      lock.releaseAndDelete();
      throw e;
    }
  }

  private Reservation<Volume> findVolumeAttempt(String name, String requestId) throws IOException {
    Optional<VolumeMeta> meta = MetadataStore.readVolume(layout.volumeMetaFile(name));
    if (meta.isEmpty() || !requestId.equals(meta.get().labels().get(Labels.REQUEST_ID))) {
      return null;
    }
    if (meta.get().ready() && Files.isDirectory(layout.volumeDir(name), LinkOption.NOFOLLOW_LINKS)) {
      return new Reservation<>(toVolume(name, meta), name, null, null);
    }
    if (!meta.get().ready() && BuildLock.isHeld(layout.buildLockFile(layout.volumeTemp(name)))) {
      return new Reservation<>(null, name, null, null);
    }
    return null;
  }

  private Volume buildVolume(CloneRequest request, String target, Reservation<Volume> r) {
    Path temp = r.temp();
    BuildLock lock = r.lock();
    Snapshot snapshot = r.snapshot();
    boolean published = false;
    try {
      Path data = layout.snapshotDir(snapshot.id()).resolve(LocalLayout.DATA);
      long size;
      try {
        size = copier.copy(data, temp);
      } catch (NoSuchFileException e) {
        if (!Files.isDirectory(data)) {
          throw new NotFoundException("snapshot", snapshot.id(), "deleted while being cloned", e);
        }
        throw e;
      }
      Durability.syncTree(temp);
      VolumeMeta ready = new VolumeMeta(target, true, Optional.of(snapshot.id()), Optional.of(Instant.now()),
          OptionalLong.of(size), copier.method(), request.effectiveLabels());
      rootLock.run(() -> {
        MetadataStore.writeVolume(layout.volumeMetaFile(target), ready);
        Files.move(temp, layout.volumeDir(target), StandardCopyOption.ATOMIC_MOVE);
        Io.fsyncDirectory(layout.volumes());
        lock.releaseAndDelete();
      });
      published = true;
      return toVolume(target, Optional.of(ready));
    } catch (IOException e) {
      throw Io.copyFailure("clone of snapshot " + snapshot.id(), temp, e);
    } finally {
      if (!published) {
        abandon(temp, lock, () -> {
          Files.deleteIfExists(layout.volumeMetaFile(target));
          volumeRequests.remove(request.requestId(), target);
        });
      }
    }
  }

  @Override
  public Volume getVolume(VolumeRef volume) {
    checkOpen();
    String name = LocalLayout.validName("volume", Checks.notNull("volume", volume).id());
    return loadVolume(name).orElseThrow(() -> new NotFoundException("volume", name));
  }

  @Override
  public Page<Volume> listVolumes(VolumeFilter filter, PageRequest page) {
    checkOpen();
    Checks.notNull("filter", filter);
    Checks.notNull("page", page);
    Optional<String> after = page.token().map(LocalEngine::validToken);
    List<String> names = DirectoryPages.sortedNames(layout.volumes());
    return DirectoryPages.paginate(names, after, page.size(), n -> loadVolume(n).filter(filter::matches), Volume::name);
  }

  @Override
  public boolean deleteVolume(VolumeRef volume, boolean force) {
    checkOpen();
    String name = LocalLayout.validName("volume", Checks.notNull("volume", volume).id());
    Path trash = rootLock.call(() -> {
      Path dir = layout.volumeDir(name);
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      Optional<VolumeMeta> meta = readReadyVolumeMeta(name);
      boolean managed = meta.map(m -> Labels.isManaged(m.labels())).orElse(false);
      if (!managed && !force) {
        throw new ConflictException("volume '" + name + "' is not managed by Snapfork (no " + Labels.MANAGED_BY + "="
            + Labels.MANAGED_BY_VALUE + " label); refusing to delete it unless force is set", null, false);
      }
      Path t = layout.trashFor(layout.volumes(), name);
      Files.move(dir, t, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(layout.volumeMetaFile(name));
      Io.fsyncDirectory(layout.volumes());
      String requestId = meta.map(m -> m.labels().get(Labels.REQUEST_ID)).orElse(null);
      if (requestId != null && isValidFileName(requestId)) {
        volumeRequests.remove(requestId, name);
      }
      return t;
    });
    if (trash == null) {
      return false;
    }
    deleteQuietly(trash);
    return true;
  }

  @Override
  public void restore(String snapshotId) {
    checkOpen();
    Snapshot snapshot = get(snapshotId);
    String volume = snapshot.source().id();
    Path dir = layout.volumeDir(volume);
    refuseSymlinkedVolume("snapshotId", volume);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFoundException("volume", volume);
    }
    String rand = LocalLayout.random(LocalLayout.RAND_LENGTH);
    Path temp = layout.volumes().resolve(LocalLayout.RESTORE + volume + "-" + rand);
    BuildLock lock = rootLock.call(() -> BuildLock.tryAcquire(layout.buildLockFile(temp)));
    if (lock == null) {
      throw new ConflictException("restore of volume " + volume + " collided with another; retry", null, true);
    }
    boolean swapped = false;
    Path trash;
    try {
      copier.copy(layout.snapshotDir(snapshot.id()).resolve(LocalLayout.DATA), temp);
      Durability.syncTree(temp);
      trash = rootLock.call(() -> {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          throw new NotFoundException("volume", volume);
        }
        Path old = layout.volumes().resolve(LocalLayout.OLD + volume + "-" + rand);
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        Io.fsyncDirectory(layout.volumes());
        Path t = layout.trashFor(layout.volumes(), volume);
        Files.move(old, t, StandardCopyOption.ATOMIC_MOVE);
        lock.releaseAndDelete();
        return t;
      });
      swapped = true;
    } catch (IOException e) {
      throw Io.copyFailure("restore of volume " + volume + " from snapshot " + snapshot.id(), temp, e);
    } finally {
      if (!swapped) {
        abandon(temp, lock, () -> { });
      }
    }
    deleteQuietly(trash);
  }

  @Override
  public void close() {
    closed = true;
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A volume directory that is a symbolic link would make a snapshot copy (or a restore replace)
   * data outside the root: refused for snapshot and restore alike, before anything is copied.
   */
  private void refuseSymlinkedVolume(String field, String volume) {
    Path dir = layout.volumeDir(volume);
    if (Files.isSymbolicLink(dir)) {
      throw new InvalidRequestException(field, "volume '" + volume + "' is a symbolic link (" + dir
          + "); the local provider snapshots and restores only real directories under its root");
    }
  }

  private Optional<Snapshot> readSnapshot(String id) {
    Path dir = layout.snapshotDir(id);
    try {
      return MetadataStore.readSnapshot(dir.resolve(LocalLayout.SNAPSHOT_META),
          Map.of(PATH, dir.resolve(LocalLayout.DATA).toString()));
    } catch (IOException e) {
      throw Io.failure("reading snapshot metadata", dir, e);
    }
  }

  private Optional<VolumeMeta> readReadyVolumeMeta(String name) {
    try {
      return MetadataStore.readVolume(layout.volumeMetaFile(name)).filter(VolumeMeta::ready);
    } catch (IOException e) {
      throw Io.failure("reading volume metadata", layout.volumeMetaFile(name), e);
    }
  }

  private Optional<Volume> loadVolume(String name) {
    if (!Files.isDirectory(layout.volumeDir(name))) {
      return Optional.empty();
    }
    return Optional.of(toVolume(name, readReadyVolumeMeta(name)));
  }

  private Volume toVolume(String name, Optional<VolumeMeta> meta) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(PATH, layout.volumeDir(name).toString());
    meta.ifPresent(m -> attributes.put(COPY_METHOD, m.copyMethod()));
    return new Volume(
        VolumeRef.of(name),
        name,
        meta.flatMap(VolumeMeta::sourceSnapshotId),
        meta.map(VolumeMeta::sizeBytes).orElse(OptionalLong.empty()),
        meta.flatMap(VolumeMeta::createdAt),
        meta.map(VolumeMeta::labels).orElse(Map.of()),
        attributes);
  }

  /** After a failed build: move the temp out of sight, release its lock, undo bookkeeping. */
  private void abandon(Path temp, BuildLock lock, Io.IoRunnable undo) {
    try {
      Path trash = rootLock.call(() -> {
        Path t = null;
        if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
          t = layout.trashFor(temp.getParent(), temp.getFileName().toString().substring(1));
          Files.move(temp, t, StandardCopyOption.ATOMIC_MOVE);
        }
        undo.run();
        lock.releaseAndDelete();
        return t;
      });
      if (trash != null) {
        deleteQuietly(trash);
      }
    } catch (RuntimeException e) {
      LOG.warn("local: could not clean up {} after a failure ({}); it is removed at the next open", temp, e.toString());
      LOG.debug("local: cleanup failure", e);
      try {
        lock.close();
      } catch (IOException ignored) {
        // the lock dies with the channel
      }
    }
  }

  void deleteQuietly(Path trash) {
    try {
      FileTrees.deleteTree(trash);
    } catch (IOException e) {
      LOG.warn("local: could not delete {} ({}); it is removed at the next open", trash, e.toString());
      LOG.debug("local: delete failure", e);
    }
  }

  private static String validToken(String token) {
    try {
      return LocalLayout.validName("page.token", token);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("page.token", "must be a nextToken returned by an earlier page, got '" + token + "'");
    }
  }

  private static boolean isValidFileName(String s) {
    try {
      Checks.name("requestId", s);
      return true;
    } catch (InvalidRequestException e) {
      return false;
    }
  }

  private static String generateName(String volume) {
    String suffix = "-" + NAME_TIME.format(Instant.now()) + "-" + LocalLayout.random(6);
    String base = volume.length() + suffix.length() > MAX_NAME ? volume.substring(0, MAX_NAME - suffix.length()) : volume;
    return base + suffix;
  }

  private void pause(String what) {
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotException("interrupted while waiting for the concurrent creation of " + what, e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SnapshotException("local provider at " + layout.root() + " is closed");
    }
  }

  /**
   * The outcome of a reservation: an existing object (idempotent retry), a wait for this
   * request's build in progress elsewhere ({@code lock == null}), or a fresh reservation.
   */
  private record Reservation<T>(T existing, String id, Path temp, BuildLock lock, Snapshot snapshot) {
    Reservation(T existing, String id, Path temp, BuildLock lock) {
      this(existing, id, temp, lock, null);
    }
  }
}

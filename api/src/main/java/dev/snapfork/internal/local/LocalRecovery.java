package dev.snapfork.internal.local;

import dev.snapfork.Labels;
import dev.snapfork.Snapshot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans what crashed operations left under a local root when it is opened: temporaries whose
 * builder is gone, trash, restores interrupted mid-swap, stale metadata, request-index entries no
 * object confirms, and lock files. Never
 * touches a temporary whose builder (in this or another process) still holds its lock.
 */
final class LocalRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRecovery.class);

  private final LocalLayout layout;
  private final RootLock rootLock;
  private final Consumer<Path> trashDeleter;

  LocalRecovery(LocalLayout layout, RootLock rootLock, Consumer<Path> trashDeleter) {
    this.layout = layout;
    this.rootLock = rootLock;
    this.trashDeleter = trashDeleter;
  }

  /** Cleans what crashed builders left; never a temp whose builder still holds its lock. */
  void run() {
    List<Path> trash = rootLock.call(() -> {
      List<Path> out = new ArrayList<>();
      for (Path area : List.of(layout.snapshots(), layout.volumes())) {
        for (String entry : hiddenNames(area)) {
          Path p = area.resolve(entry);
          if (entry.startsWith(LocalLayout.TRASH)) {
            out.add(p);
          } else if (entry.startsWith(LocalLayout.TMP) || entry.startsWith(LocalLayout.RESTORE)) {
            BuildLock lock = BuildLock.tryAcquire(layout.buildLockFile(p));
            if (lock == null) {
              continue; // a live builder
            }
            try {
              Path t = layout.trashFor(area, entry.substring(1));
              Files.move(p, t, StandardCopyOption.ATOMIC_MOVE);
              out.add(t);
              LOG.info("local: removing leftover {} of a crashed operation", p);
            } finally {
              lock.releaseAndDelete();
            }
          } else if (entry.startsWith(LocalLayout.OLD) && area.equals(layout.volumes())) {
            recoverOld(p, entry, out);
          }
        }
      }
      cleanVolumeMeta();
      cleanRequestIndex();
      cleanLockFiles();
      return out;
    });
    trash.forEach(trashDeleter);
  }

  /** A crash mid-swap of a restore: put the old content back if the volume is missing. */
  private void recoverOld(Path p, String entry, List<Path> out) throws IOException {
    int cut = entry.length() - LocalLayout.RAND_LENGTH - 1;
    if (cut <= LocalLayout.OLD.length()) {
      return;
    }
    String volume = entry.substring(LocalLayout.OLD.length(), cut);
    Path dir = layout.volumeDir(volume);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(p, dir, StandardCopyOption.ATOMIC_MOVE);
      LOG.warn("local: restore of volume {} was interrupted; its previous content was put back", volume);
    } else {
      Path t = layout.trashFor(layout.volumes(), volume);
      Files.move(p, t, StandardCopyOption.ATOMIC_MOVE);
      out.add(t);
    }
  }

  private void cleanVolumeMeta() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.volumeMeta())) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (!n.endsWith(LocalLayout.META_SUFFIX)) {
          Files.deleteIfExists(f); // an interrupted metadata write
          continue;
        }
        String volume = n.substring(0, n.length() - LocalLayout.META_SUFFIX.length());
        if (!Files.exists(layout.volumeDir(volume), LinkOption.NOFOLLOW_LINKS)
            && !BuildLock.isHeld(layout.buildLockFile(layout.volumeTemp(volume)))) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * Removes request-index entries no object confirms: a crashed or abandoned request's entry
   * (its temp is gone, or was just moved to trash), one whose object was deleted by hand, an
   * interrupted index write. An entry is kept when the object it names carries its request id,
   * or when a live builder holds that object's temp.
   */
  private void cleanRequestIndex() throws IOException {
    for (String kind : List.of("snapshot", "volume")) {
      Path dir = layout.requests().resolve(kind);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          String requestId = f.getFileName().toString();
          Optional<String> id = MetadataStore.readString(f).filter(LocalRecovery::isValidName);
          boolean confirmed = id.isPresent() && (kind.equals("snapshot")
              ? snapshotConfirms(id.get(), requestId) : volumeConfirms(id.get(), requestId));
          if (!confirmed) {
            Files.deleteIfExists(f);
            LOG.info("local: removing the {} request-index entry {} of a crashed or abandoned request", kind, requestId);
          }
        }
      }
    }
  }

  private boolean snapshotConfirms(String id, String requestId) throws IOException {
    if (BuildLock.isHeld(layout.buildLockFile(layout.snapshotTemp(id)))) {
      return true; // a live builder: its entry stays
    }
    Optional<Snapshot> s;
    try {
      s = MetadataStore.readSnapshot(layout.snapshotDir(id).resolve(LocalLayout.SNAPSHOT_META), Map.of());
    } catch (IOException malformed) {
      return true; // not ours to judge here; delete() handles a malformed snapshot
    }
    return s.isPresent() && requestId.equals(s.get().labels().get(Labels.REQUEST_ID));
  }

  private boolean volumeConfirms(String name, String requestId) throws IOException {
    if (BuildLock.isHeld(layout.buildLockFile(layout.volumeTemp(name)))) {
      return true;
    }
    Optional<MetadataStore.VolumeMeta> meta;
    try {
      meta = MetadataStore.readVolume(layout.volumeMetaFile(name));
    } catch (IOException malformed) {
      return true; // kept, as its metadata is
    }
    return meta.isPresent() && meta.get().ready() && Files.isDirectory(layout.volumeDir(name), LinkOption.NOFOLLOW_LINKS)
        && requestId.equals(meta.get().labels().get(Labels.REQUEST_ID));
  }

  private static boolean isValidName(String s) {
    try {
      LocalLayout.validName("id", s);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void cleanLockFiles() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.locks())) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        int dash = n.indexOf('-');
        if (!n.endsWith(".lock") || dash < 0) {
          continue;
        }
        Path temp = layout.root().resolve(n.substring(0, dash)).resolve(n.substring(dash + 1, n.length() - 5));
        if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        BuildLock lock = BuildLock.tryAcquire(f);
        if (lock != null) {
          lock.releaseAndDelete();
        }
      }
    }
  }

  private static List<String> hiddenNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    }
    return names;
  }

}

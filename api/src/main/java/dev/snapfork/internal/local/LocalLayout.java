package dev.snapfork.internal.local;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.spi.Checks;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Where everything lives under a {@code local} root, and the name rules that keep every path
 * inside it.
 *
 * <pre>
 * root/.lock                              root-level lock file (short critical sections)
 * root/volumes/NAME/                      a volume (source or clone)
 * root/volumes/.tmp-NAME/                 a clone being built
 * root/volumes/.restore-NAME-RAND/        a restore being built
 * root/volumes/.old-NAME-RAND/            the previous content during a restore swap
 * root/volume-meta/NAME.properties        labels of volumes Snapfork created
 * root/snapshots/ID/data/                 a snapshot's files
 * root/snapshots/ID/snapshot.properties   its metadata
 * root/snapshots/.tmp-ID/                 a snapshot being built
 * root/{snapshots,volumes}/.trash-*       something being deleted
 * root/locks/AREA-TEMPNAME.lock           the lock held by whoever builds TEMPNAME
 * root/requests/{snapshot,volume}/REQID   request-id index: the id a request created
 * </pre>
 *
 * <p>Valid names never start with '.', so temporary entries never collide with real ones and
 * listings skip them.
 */
final class LocalLayout {
  static final String TMP = ".tmp-";
  static final String TRASH = ".trash-";
  static final String RESTORE = ".restore-";
  static final String OLD = ".old-";
  static final String SNAPSHOT_META = "snapshot.properties";
  static final String DATA = "data";
  static final String META_SUFFIX = ".properties";
  static final int RAND_LENGTH = 8;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Path root;

  LocalLayout(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path rootLockFile() {
    return root.resolve(".lock");
  }

  Path volumes() {
    return root.resolve("volumes");
  }

  Path snapshots() {
    return root.resolve("snapshots");
  }

  Path volumeMeta() {
    return root.resolve("volume-meta");
  }

  Path locks() {
    return root.resolve("locks");
  }

  Path requests() {
    return root.resolve("requests");
  }

  Path volumeDir(String name) {
    return volumes().resolve(name);
  }

  Path volumeTemp(String name) {
    return volumes().resolve(TMP + name);
  }

  Path volumeMetaFile(String name) {
    return volumeMeta().resolve(name + META_SUFFIX);
  }

  Path snapshotDir(String id) {
    return snapshots().resolve(id);
  }

  Path snapshotTemp(String id) {
    return snapshots().resolve(TMP + id);
  }

  /** The lock file guarding a temporary directory directly under {@code snapshots/} or {@code volumes/}. */
  Path buildLockFile(Path tempDir) {
    return locks().resolve(tempDir.getParent().getFileName() + "-" + tempDir.getFileName() + ".lock");
  }

  /** A fresh trash name for an entry of {@code dir}. */
  Path trashFor(Path dir, String name) {
    return dir.resolve(TRASH + name + "-" + random(RAND_LENGTH));
  }

  static String random(int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  /**
   * Checks a volume name or snapshot id that becomes a path segment: letters, digits, '.', '_'
   * and '-', starting with a letter or digit, at most 128 characters, no "..".
   *
   * @throws InvalidRequestException naming {@code field} otherwise
   */
  static String validName(String field, String value) {
    Checks.name(field, value);
    if (value.contains("..")) {
      throw new InvalidRequestException(field, "must not contain '..' (path traversal), got '" + value + "'");
    }
    return value;
  }
}

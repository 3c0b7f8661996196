package dev.snapfork.mongo.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of the locks Snapfork holds, one file per lock under
 * {@code <dir>/<member>/<request-id>.lock} naming its holder (host, pid, process start time; see
 * {@link LockHolder}): written before the lock is requested, removed once unlocked (after the
 * unlock, off the releasing thread). Quiesce reads them to recognise Snapfork's own stale lock;
 * recovery (from another process too) to unlock only what Snapfork locked and whose holder is gone.
 */
public final class LockLedger {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LockLedger.class);
  private final Path dir;
  private final java.util.Set<Path> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.Set<Path> abandoned = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final String ABANDONED = "abandoned=true";

  public LockLedger(Path dir) {
    this.dir = dir;
  }

  /**
   * Records that {@code requestId} (this process) is about to lock {@code member}; returns the
   * record's token. The file is created and then written: a reader that sees it empty meanwhile
   * takes its holder for unknown (possibly live), the safe side.
   */
  public String record(String member, String requestId) {
    Path d = memberDir(member);
    String base = safe(requestId);
    try {
      Files.createDirectories(d);
      for (int i = 0; ; i++) {
        String token = i == 0 ? base : base + "-" + i;
        try {
          Path file = d.resolve(token + ".lock");
          Files.createFile(file);
          abandoned.remove(file); // a new lock under a token used before
          try {
            Files.writeString(file, LockHolder.self().format(), java.nio.charset.StandardCharsets.UTF_8);
          } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
          }
          return token;
        } catch (FileAlreadyExistsException e) {
          // the same request locked twice: keep both records
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lock record under " + d, e);
    }
  }

  /** Removes a record (no-op when already gone). */
  public void clear(String member, String token) {
    try {
      Path file = memberDir(member).resolve(token + ".lock");
      Files.deleteIfExists(file);
      abandoned.remove(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock record " + token, e);
    }
  }

  /** The file of a record (so a release need not compute it while the member is locked). */
  public Path file(String member, String token) {
    return memberDir(member).resolve(token + ".lock");
  }

  /**
   * Removes a record on the background thread, after its unlock succeeded, so the file system is
   * not touched while the member is locked. Until the file is gone this ledger already leaves the
   * record out of {@link #records}; another process sees it until then (see the module README).
   */
  public void clearLater(Path file) {
    pending.add(file);
    Background.executor().execute(() -> {
      try {
        Files.deleteIfExists(file);
        pending.remove(file);
      } catch (IOException | RuntimeException e) {
        // Stays out of records() here; on disk it is a stale record, counted by recovery elsewhere.
        LOG.warn("cannot remove the lock record {} after its unlock; remove it by hand (recovery in another process would count it)",
            file, e);
      }
    });
  }

  /**
   * Marks a record as given up by its holder (its release or undo failed, the server may still be
   * locked): recovery then unlocks it although this process still runs. Called only on the failure
   * path, after the lock was given up. Logged, not thrown, when the file cannot be written (this
   * ledger still knows).
   */
  public void abandon(Path file) {
    abandoned.add(file);
    try {
      if (Files.exists(file)) {
        Files.writeString(file, ABANDONED + "\n", java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot mark the lock record {} as abandoned; recovery in another process will take its holder for live while it runs", file, e);
    }
  }

  /** The records for {@code member}. */
  public List<String> records(String member) {
    Path d = memberDir(member);
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, "*.lock")) {
      for (Path p : ds) {
        if (pending.contains(p)) {
          continue; // unlocked; its file is being removed
        }
        String n = p.getFileName().toString();
        out.add(n.substring(0, n.length() - ".lock".length()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lock records under " + d, e);
    }
    out.sort(null);
    return out;
  }

  /** The records for {@code member} with their holders (a record that cannot be read has none). */
  public List<LockRecord> entries(String member) {
    List<LockRecord> out = new ArrayList<>();
    for (String token : records(member)) {
      String text;
      try {
        text = Files.readString(file(member, token), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.nio.file.NoSuchFileException gone) {
        continue; // removed meanwhile (unlocked)
      } catch (IOException | RuntimeException unreadable) {
        text = "";
      }
      out.add(new LockRecord(token, LockHolder.parse(text), ("\n" + text).contains("\n" + ABANDONED) || abandoned.contains(file(member, token))));
    }
    return out;
  }

  private Path memberDir(String member) {
    return dir.resolve(safe(member));
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}

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
 * Records of the locks Snapfork holds, one empty file per lock under
 * {@code <dir>/<member>/<request-id>.lock}: written before the lock is requested, removed once
 * unlocked. Recovery reads them (from another process too) to unlock only what Snapfork locked.
 */
public final class LockLedger {
  private final Path dir;

  public LockLedger(Path dir) {
    this.dir = dir;
  }

  /** Records that {@code requestId} is about to lock {@code member}; returns the record's token. */
  public String record(String member, String requestId) {
    Path d = memberDir(member);
    String base = safe(requestId);
    try {
      Files.createDirectories(d);
      for (int i = 0; ; i++) {
        String token = i == 0 ? base : base + "-" + i;
        try {
          Files.createFile(d.resolve(token + ".lock"));
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
      Files.deleteIfExists(memberDir(member).resolve(token + ".lock"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the lock record " + token, e);
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
        String n = p.getFileName().toString();
        out.add(n.substring(0, n.length() - ".lock".length()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lock records under " + d, e);
    }
    out.sort(null);
    return out;
  }

  private Path memberDir(String member) {
    return dir.resolve(safe(member));
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}

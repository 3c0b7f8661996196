package dev.snapfork.portworx.internal;

import dev.snapfork.PermissionDeniedException;
import dev.snapfork.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Where the bearer token comes from: nowhere, a fixed secret, or a file that is re-read whenever
 * its modification time or size changes (tokens expire and are rotated on disk). Thread-safe.
 * {@link #toString()} never shows the token.
 */
public final class TokenSource {
  private final Secret fixed;
  private final Path file;
  private FileState cached;

  private TokenSource(Secret fixed, Path file) {
    this.fixed = fixed;
    this.file = file;
  }

  /** No token: calls go out without an {@code authorization} header. */
  public static TokenSource none() {
    return new TokenSource(null, null);
  }

  /** A fixed token. */
  public static TokenSource of(Secret token) {
    return new TokenSource(token, null);
  }

  /** A token read from {@code file}, re-read when the file changes. */
  public static TokenSource fromFile(Path file) {
    return new TokenSource(null, file);
  }

  /** Whether calls carry a token at all. */
  public boolean present() {
    return fixed != null || file != null;
  }

  /**
   * The current token, or null when there is none.
   *
   * @throws PermissionDeniedException when the token file cannot be read or is empty (the message
   *     names the file, never its content)
   */
  public String current() {
    if (fixed != null) {
      return fixed.reveal();
    }
    if (file == null) {
      return null;
    }
    try {
      FileTime mtime = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      synchronized (this) {
        if (cached == null || !cached.mtime.equals(mtime) || cached.size != size) {
          String token = Files.readString(file, StandardCharsets.UTF_8).trim();
          if (token.isEmpty()) {
            throw new PermissionDeniedException("the Portworx token file " + file + " is empty", null);
          }
          cached = new FileState(mtime, size, token);
        }
        return cached.token;
      }
    } catch (IOException e) {
      throw new PermissionDeniedException("cannot read the Portworx token file " + file + ": " + e.getClass().getSimpleName(), null);
    }
  }

  /** The last token seen, without touching the file; null when none. For masking messages. */
  public String peek() {
    if (fixed != null) {
      return fixed.reveal();
    }
    synchronized (this) {
      return cached == null ? null : cached.token;
    }
  }

  @Override
  public String toString() {
    return fixed != null ? "TokenSource{static ****}" : file != null ? "TokenSource{file " + file + "}" : "TokenSource{none}";
  }

  private record FileState(FileTime mtime, long size, String token) {
    @Override
    public String toString() {
      return "FileState{" + mtime + ", " + size + " bytes}";
    }
  }
}

package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.file.Path;

/** Copies a directory tree to a new place; the copy shares nothing writable with the original. */
interface TreeCopier {

  /** {@code reflink} or {@code copy}: recorded as {@code local.copy-method}. */
  String method();

  /**
   * Copies the tree at {@code source} to {@code target}, which must not exist yet, keeping file
   * contents, modification times and permissions, and symbolic links as links.
   *
   * @return the total size in bytes of the regular files copied
   * @throws IOException when anything cannot be read or written
   */
  long copy(Path source, Path target) throws IOException;
}

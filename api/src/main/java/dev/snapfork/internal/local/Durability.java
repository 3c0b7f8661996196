package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Makes a freshly copied tree durable before it is published, so a power loss never leaves a
 * published snapshot with missing data. One {@code syncfs} ({@code sync -f}) flushes the whole
 * file system at once, far cheaper than an fsync per file; where that command is missing, each
 * file and directory is fsynced.
 */
final class Durability {
  private Durability() {}

  static void syncTree(Path root) throws IOException {
    if (Commands.succeeds(List.of("sync", "-f", "--", root.toString()))) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) {
          try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
          }
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Io.fsyncDirectory(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}

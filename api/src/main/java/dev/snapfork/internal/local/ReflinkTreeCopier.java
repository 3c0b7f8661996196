package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies a tree with {@code cp -a --reflink=always}: the file system shares the extents and
 * copies them on write (btrfs, XFS with reflink, ZFS with block cloning, APFS-like systems), so a
 * snapshot costs metadata only and later writes to either side never show on the other.
 */
final class ReflinkTreeCopier implements TreeCopier {

  @Override
  public String method() {
    return "reflink";
  }

  @Override
  public long copy(Path source, Path target) throws IOException {
    Commands.run(List.of("cp", "-a", "--reflink=always", "--", source.toString(), target.toString()));
    return FileTrees.size(target);
  }

  /**
   * Whether the file system under {@code dir} offers reflink: copies a small probe file with
   * {@code cp --reflink=always}. Any failure (no cp, no reflink support) means no.
   */
  static boolean probe(Path dir) {
    String tag = LocalLayout.random(LocalLayout.RAND_LENGTH);
    Path a = dir.resolve(".probe-" + tag);
    Path b = dir.resolve(".probe-" + tag + ".copy");
    try {
      Files.write(a, new byte[4096]);
      return Commands.succeeds(List.of("cp", "--reflink=always", "--", a.toString(), b.toString()));
    } catch (IOException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
      } catch (IOException ignored) {
        // a leftover probe file is harmless
      }
    }
  }
}

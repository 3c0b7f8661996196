package dev.snapfork.internal.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code auto} copy mode: probes once, on first use, whether the file system offers reflink,
 * then copies with reflink or in Java. Probing lazily keeps opening a root cheap (the probe starts
 * a {@code cp} process), which matters for short-lived command-line calls that only read.
 */
final class ProbingTreeCopier implements TreeCopier {
  private final Path probeDir;
  private final TreeCopier reflink;
  private final TreeCopier javaCopy;
  private volatile TreeCopier chosen;

  ProbingTreeCopier(Path probeDir, TreeCopier reflink, TreeCopier javaCopy) {
    this.probeDir = probeDir;
    this.reflink = reflink;
    this.javaCopy = javaCopy;
  }

  private TreeCopier chosen() {
    TreeCopier c = chosen;
    if (c == null) {
      synchronized (this) {
        c = chosen;
        if (c == null) {
          c = ReflinkTreeCopier.probe(probeDir) ? reflink : javaCopy;
          chosen = c;
        }
      }
    }
    return c;
  }

  @Override
  public String method() {
    return chosen().method();
  }

  @Override
  public long copy(Path source, Path target) throws IOException {
    return chosen().copy(source, target);
  }
}

package dev.snapfork.examples.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 of every regular file under a directory, keyed by relative path. */
final class TreeDigest {
  private TreeDigest() {}

  static Map<String, String> of(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      MessageDigest sha = sha256();
      try (InputStream in = Files.newInputStream(file)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
        }
      }
      digests.put(root.relativize(file).toString().replace('\\', '/'), HexFormat.of().formatHex(sha.digest()));
    }
    return digests;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}

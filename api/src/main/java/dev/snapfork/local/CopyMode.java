package dev.snapfork.local;

import dev.snapfork.InvalidRequestException;
import java.util.Locale;

/**
 * How the {@code local} provider copies a volume's files into a snapshot or clone.
 *
 * <ul>
 *   <li>{@link #AUTO}: reflink when the file system offers it, a plain copy otherwise (the default).
 *   <li>{@link #REFLINK}: copy-on-write clones of file extents ({@code cp --reflink=always}); the
 *       provider refuses to open when the file system cannot do it (e.g. ext4).
 *   <li>{@link #COPY}: a plain byte copy, even where reflink is available.
 * </ul>
 */
public enum CopyMode {
  /** Reflink where possible, plain copy elsewhere. */
  AUTO,
  /** Reflink (copy-on-write) only. */
  REFLINK,
  /** Plain byte copy only. */
  COPY;

  /** The configuration spelling: {@code auto}, {@code reflink} or {@code copy}. */
  public String configValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the configuration spelling (case-insensitive).
   *
   * @throws InvalidRequestException naming {@code copyMode} for any other value
   */
  public static CopyMode parse(String value) {
    if (value != null) {
      for (CopyMode m : values()) {
        if (m.configValue().equalsIgnoreCase(value.trim())) {
          return m;
        }
      }
    }
    throw new InvalidRequestException("copyMode", "must be one of auto, reflink, copy, got '" + value + "'");
  }
}

package dev.snapfork.spi;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Argument checks for value types and provider implementations. Each throws
 * {@link InvalidRequestException} naming the field and the rule before anything reaches a backend;
 * backends add their own stricter rules (DNS-1123 names, tag limits) on top.
 */
public final class Checks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private Checks() {}

  public static String notBlank(String field, String value) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    if (value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    return value;
  }

  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  /** A name usable on every backend's alphabet: letters, digits, '.', '_', '-'; 1-128 chars. */
  public static String name(String field, String value) {
    notBlank(field, value);
    if (value.length() > 128) {
      throw new InvalidRequestException(field, "must be at most 128 characters, got " + value.length());
    }
    if (!NAME.matcher(value).matches()) {
      throw new InvalidRequestException(
          field,
          "must start with a letter or digit and contain only letters, digits, '.', '_' and '-', got '"
              + value + "'");
    }
    return value;
  }

  /**
   * The name of a volume to create (a clone's or fork's target): a {@link #name}, and never a
   * {@code namespace/name} or other path, because the new volume is always made where its
   * snapshot is. A {@code '/'} is refused saying so.
   */
  public static String targetName(String field, String value) {
    notBlank(field, value);
    int slash = value.indexOf('/');
    if (slash >= 0) {
      throw new InvalidRequestException(field, "is the new volume's name, not a reference: '" + value + "' names a location ('"
          + value.substring(0, slash) + "/'), and a clone is always made where its snapshot is. On Kubernetes (csi) that is "
          + "the snapshot's namespace: cross-namespace clones are not supported by CSI, because a PersistentVolumeClaim's "
          + "dataSource must be a VolumeSnapshot in the claim's own namespace. Give a plain name, e.g. '"
          + value.substring(value.lastIndexOf('/') + 1) + "', and snapshot a volume in the namespace you want the clone in");
    }
    return name(field, value);
  }

  public static Duration positive(String field, Duration value) {
    notNull(field, value);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be a positive duration, got " + value);
    }
    return value;
  }

  public static long nonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidRequestException(field, "must not be negative, got " + value);
    }
    return value;
  }

  public static int positive(String field, int value) {
    if (value <= 0) {
      throw new InvalidRequestException(field, "must be positive, got " + value);
    }
    return value;
  }

  public static Map<String, String> labels(String field, Map<String, String> labels) {
    notNull(field, labels);
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isBlank()) {
        throw new InvalidRequestException(field, "label keys must not be blank");
      }
      if (key.length() > Labels.MAX_KEY_LENGTH) {
        throw new InvalidRequestException(
            field + "[" + key + "]", "label keys must be at most " + Labels.MAX_KEY_LENGTH + " characters");
      }
      if (key.chars().anyMatch(Character::isISOControl) || key.chars().anyMatch(Character::isWhitespace)) {
        throw new InvalidRequestException(field + "[" + key + "]", "label keys must not contain whitespace or control characters");
      }
      String value = e.getValue();
      if (value == null) {
        throw new InvalidRequestException(field + "[" + key + "]", "label values must not be null");
      }
      if (value.length() > Labels.MAX_VALUE_LENGTH) {
        throw new InvalidRequestException(
            field + "[" + key + "]", "label values must be at most " + Labels.MAX_VALUE_LENGTH + " characters");
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidRequestException(field + "[" + key + "]", "label values must not contain control characters");
      }
      copy.put(key, value);
    }
    return java.util.Collections.unmodifiableMap(copy);
  }
}

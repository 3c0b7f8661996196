package dev.snapfork.testkit.internal;

import dev.snapfork.InvalidRequestException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Argument checks of the test providers, throwing {@link InvalidRequestException} naming the field
 * and the rule (the same rules as the API's value types).
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

  /** Letters, digits, '.', '_', '-'; starting with a letter or digit; 1-128 characters. */
  public static String name(String field, String value) {
    notBlank(field, value);
    if (value.length() > 128) {
      throw new InvalidRequestException(field, "must be at most 128 characters, got " + value.length());
    }
    if (!NAME.matcher(value).matches()) {
      throw new InvalidRequestException(field,
          "must start with a letter or digit and contain only letters, digits, '.', '_' and '-', got '" + value + "'");
    }
    return value;
  }

  public static Duration positive(String field, Duration value) {
    notNull(field, value);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be a positive duration, got " + value);
    }
    return value;
  }
}

package dev.snapfork.mysql.internal;

import dev.snapfork.InvalidRequestException;
import java.time.Duration;

/** Argument checks that throw {@link InvalidRequestException} naming the field. */
public final class Args {
  private Args() {}

  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  public static String notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be null or blank");
    }
    return value;
  }

  public static Duration positive(String field, Duration value) {
    notNull(field, value);
    if (value.isZero() || value.isNegative()) {
      throw new InvalidRequestException(field, "must be positive, got " + value);
    }
    return value;
  }
}

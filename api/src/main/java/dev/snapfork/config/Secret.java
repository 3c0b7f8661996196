package dev.snapfork.config;

import java.util.Objects;

/**
 * A secret value (token, password, connection string with credentials). Its {@link #toString()}
 * never shows the value, so it is safe in logs, messages and {@code toString} of other objects.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself: pass it only to the backend that needs it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}

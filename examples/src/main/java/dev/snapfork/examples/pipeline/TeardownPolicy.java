package dev.snapfork.examples.pipeline;

import dev.snapfork.InvalidRequestException;
import java.util.Locale;

/** What a pipeline run does with its snapshots and staging volumes at the end. */
public enum TeardownPolicy {
  /** Delete everything the run created, whatever happened (the default). */
  ALWAYS,
  /** Delete when the tests passed; keep (labelled with an expiry) when anything failed, for debugging. An interrupted run is torn down. */
  ON_SUCCESS,
  /** Keep everything, labelled with an expiry for {@code snapfork cleanup}. */
  KEEP;

  /**
   * Parses {@code always}, {@code on-success} or {@code keep}.
   *
   * @throws InvalidRequestException naming {@code key} otherwise
   */
  public static TeardownPolicy parse(String key, String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "always" -> ALWAYS;
      case "on-success" -> ON_SUCCESS;
      case "keep" -> KEEP;
      default -> throw new InvalidRequestException(key, "must be always, on-success or keep, got '" + text + "'");
    };
  }
}

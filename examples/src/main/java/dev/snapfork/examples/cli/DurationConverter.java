package dev.snapfork.examples.cli;

import dev.snapfork.config.ConfigView;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations as the configuration does: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return ConfigView.parseDuration("duration", value);
    } catch (RuntimeException e) {
      throw new TypeConversionException("'" + value + "' is not a positive duration (e.g. 500ms, 30s, 5m, 2h, 1d)");
    }
  }
}

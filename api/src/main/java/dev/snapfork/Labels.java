package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Optional;

/**
 * The labels (tags on AWS) Snapfork puts on everything it creates, and the checks every label map
 * passes before it reaches a backend.
 *
 * <p>Everything Snapfork creates carries {@link #MANAGED_BY}{@code =}{@link #MANAGED_BY_VALUE} and
 * the {@link #REQUEST_ID} of the call that made it; cleanup only ever touches objects with the
 * managed-by label.
 */
public final class Labels {
  /** Ownership label key: present on every object Snapfork created. */
  public static final String MANAGED_BY = "snapfork.dev/managed-by";
  /** Ownership label value. */
  public static final String MANAGED_BY_VALUE = "snapfork";
  /** The request id of the call that created the object; a retried create finds it by this. */
  public static final String REQUEST_ID = "snapfork.dev/request-id";
  /**
   * Optional expiry after which {@code cleanup} may delete the object. The value is a UTC instant
   * in ISO-8601 <em>basic</em> format to the second, {@code 20261204T100000Z} (see
   * {@link #expiryValue}): letters and digits only, so it is a valid Kubernetes label value (no
   * {@code ':'} allowed there), AWS tag value and OpenStorage label value alike. Values in the
   * older extended form {@code 2026-12-04T10:00:00Z} are still read.
   */
  public static final String EXPIRES_AT = "snapfork.dev/expires-at";
  /** Names of the hooks that held the application quiesced during the cut, dot-separated (label values allow no commas on Kubernetes). */
  public static final String HOOKS = "snapfork.dev/hooks";
  /**
   * What a managed object is for, when more than "made by Snapfork": {@link #ROLE_FORK_SOURCE} on
   * the source snapshot a fork cuts ({@code <target>-src}).
   */
  public static final String ROLE = "snapfork.dev/role";
  /** {@link #ROLE} value of a fork's source snapshot; a re-run fork replaces such a leftover. */
  public static final String ROLE_FORK_SOURCE = "fork-source";
  /** Group id shared by the snapshots of one group cut. */
  public static final String GROUP_ID = "snapfork.dev/group-id";

  /** Longest label key accepted (AWS tag keys allow 128). */
  public static final int MAX_KEY_LENGTH = 128;
  /** Longest label value accepted (Kubernetes label values allow 63; AWS tags 256). */
  public static final int MAX_VALUE_LENGTH = 256;

  /** ISO-8601 basic format, UTC, to the second: {@code 20261204T100000Z}. */
  private static final DateTimeFormatter EXPIRY_FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  private Labels() {}

  /** Whether the labels mark an object as created by Snapfork. */
  public static boolean isManaged(Map<String, String> labels) {
    return MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY));
  }

  /**
   * The {@link #EXPIRES_AT} value for {@code at}: UTC, ISO-8601 basic format, truncated to the
   * second, e.g. {@code 20261204T100000Z}.
   *
   * @throws InvalidRequestException when {@code at} is null or outside the years 0000-9999
   */
  public static String expiryValue(Instant at) {
    if (at == null) {
      throw new InvalidRequestException("expiresAt", "is required");
    }
    LocalDateTime utc = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    if (utc.getYear() < 0 || utc.getYear() > 9999) {
      throw new InvalidRequestException("expiresAt", "must be within the years 0000-9999, got " + at);
    }
    return EXPIRY_FORMAT.format(utc);
  }

  /**
   * The expiry recorded in {@link #EXPIRES_AT}, if present and well formed: the basic form
   * written by {@link #expiryValue} ({@code 20261204T100000Z}) or the extended ISO-8601 form
   * earlier versions wrote ({@code 2026-12-04T10:00:00Z}).
   */
  public static Optional<Instant> expiresAt(Map<String, String> labels) {
    String value = labels.get(EXPIRES_AT);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(value, EXPIRY_FORMAT).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException basic) {
      try {
        return Optional.of(Instant.parse(value));
      } catch (DateTimeParseException extended) {
        return Optional.empty();
      }
    }
  }

  /**
   * Checks a label map: keys not blank, at most {@value #MAX_KEY_LENGTH} characters, no control
   * characters; values not null, at most {@value #MAX_VALUE_LENGTH} characters. Backends add their
   * own stricter rules.
   *
   * @param field the request field name used in the error, e.g. {@code "labels"}
   * @return an immutable copy
   * @throws InvalidRequestException naming {@code field[key]} and the rule broken
   */
  public static Map<String, String> validated(String field, Map<String, String> labels) {
    return Checks.labels(field, labels);
  }
}

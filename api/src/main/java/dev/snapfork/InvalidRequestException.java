package dev.snapfork;

import java.util.Objects;

/**
 * A request was rejected before any remote call because a value breaks a rule. The message names
 * the field and the rule, e.g. {@code name: must be a DNS-1123 label (lower-case letters, digits
 * and '-', at most 63 characters), got 'My_Snap'}. Never retryable.
 */
public class InvalidRequestException extends SnapshotException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String rule;

  public InvalidRequestException(String field, String rule) {
    this(field, rule, null);
  }

  public InvalidRequestException(String field, String rule, Throwable cause) {
    super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"), cause, false);
    this.field = field;
    this.rule = rule;
  }

  /** The request field (or configuration key) that broke the rule. */
  public String field() {
    return field;
  }

  /** The rule that was broken, in words. */
  public String rule() {
    return rule;
  }
}

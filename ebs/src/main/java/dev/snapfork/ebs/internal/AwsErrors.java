package dev.snapfork.ebs.internal;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConfigurationException;
import dev.snapfork.ConflictException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.NotFoundException;
import dev.snapfork.PermissionDeniedException;
import dev.snapfork.RateLimitedException;
import dev.snapfork.SnapshotException;
import dev.snapfork.UnavailableException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The EBS backend's one error translator: EC2 Query error codes and EBS direct API exceptions
 * become Snapfork exceptions, keeping AWS's message and request id. Nothing else in the module
 * maps AWS errors.
 */
public final class AwsErrors {
  /** What AWS advises after {@code SnapshotCreationPerVolumeRateExceeded}. */
  public static final Duration PER_VOLUME_RATE_DELAY = Duration.ofSeconds(15);

  private static final Set<String> THROTTLING = Set.of(
      "RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottledException",
      "RequestThrottled", "ConcurrentLimitExceededException", "SnapshotCreationPerVolumeRateExceeded",
      "TooManyRequestsException");
  private static final Set<String> UNAVAILABLE = Set.of(
      "InternalError", "InternalFailure", "InternalServerException", "Unavailable", "ServiceUnavailable",
      "ServiceUnavailableException");
  private static final Set<String> DENIED = Set.of(
      "UnauthorizedOperation", "AuthFailure", "AccessDeniedException", "AccessDenied", "InvalidClientTokenId",
      "SignatureDoesNotMatch", "OptInRequired", "Blocked", "ExpiredToken");

  private AwsErrors() {}

  /** The AWS error code of {@code e}, or empty string when it carries none. */
  public static String code(Throwable e) {
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
      return a.awsErrorDetails().errorCode();
    }
    return "";
  }

  /** Whether {@code e} is AWS throttling (any of the EC2 or EBS direct codes). */
  public static boolean isThrottling(Throwable e) {
    return THROTTLING.contains(code(e)) || (e instanceof AwsServiceException a && a.isThrottlingException());
  }

  /**
   * Translates an AWS SDK failure.
   *
   * @param e what the SDK threw
   * @param kind {@code snapshot} or {@code volume}: what a not-found refers to
   * @param id the id a not-found carries (may be null)
   * @param action what was being done, for the message (e.g. {@code CreateSnapshot})
   */
  public static SnapshotException translate(SdkException e, String kind, String id, String action) {
    Credentials.Missing missing = cause(e, Credentials.Missing.class);
    if (missing != null) {
      return new ConfigurationException(missing.key(), "no AWS credentials for " + action + ": " + missing.where(), e);
    }
    ShortBlock shortBlock = cause(e, ShortBlock.class);
    if (shortBlock != null) {
      // the server did answer: a short or cut-off block body, not a connection failure
      return new BackendFailureException(shortBlock.getMessage(), e, shortBlock.truncated());
    }
    if (e instanceof SdkClientException) {
      return new UnavailableException(action + " failed before AWS answered: " + e.getMessage(), e);
    }
    if (!(e instanceof AwsServiceException a)) {
      return new BackendFailureException(action + " failed: " + e.getMessage(), e);
    }
    String code = code(a);
    String text = message(a);
    String message = action + (code.isEmpty() ? "" : ": " + code) + (text.isEmpty() ? "" : ": " + text)
        + (code.isEmpty() && text.isEmpty() ? ": HTTP " + a.statusCode() : "") + requestId(a);
    int status = a.statusCode();
    if (code.endsWith(".NotFound") || code.equals("ResourceNotFoundException")) {
      String what = code.startsWith("InvalidVolume") ? "volume" : code.startsWith("InvalidSnapshot") ? "snapshot" : kind;
      return new NotFoundException(what, id == null ? "" : id, message(a), a);
    }
    if (code.equals("SnapshotCreationPerVolumeRateExceeded")) {
      return new RateLimitedException(message, a, PER_VOLUME_RATE_DELAY);
    }
    if (THROTTLING.contains(code) || a.isThrottlingException()) {
      return new RateLimitedException(message, a, Duration.ofSeconds(1));
    }
    if (DENIED.contains(code) || status == 401 || status == 403) {
      return new PermissionDeniedException(message, a);
    }
    if (code.equals("IncorrectState") || code.equals("VolumeInUse") || code.equals("ConflictException")
        || code.startsWith("IdempotentParameterMismatch") || code.equals("InvalidSnapshot.InUse")) {
      return new ConflictException(message, a, code.equals("IncorrectState"));
    }
    if (code.startsWith("InvalidParameter") || code.equals("ValidationException") || code.equals("MissingParameter")
        || code.startsWith("InvalidVolume.") || code.startsWith("InvalidSnapshot.") || code.equals("InvalidNextToken")
        || code.startsWith("InvalidZone") || code.startsWith("InvalidKms")) {
      return new InvalidRequestException(field(code), message, a);
    }
    if (UNAVAILABLE.contains(code) || status >= 500) {
      return new UnavailableException(message, a);
    }
    if (code.endsWith("LimitExceeded") || code.equals("ServiceQuotaExceededException")) {
      return new BackendFailureException(message + " (an account quota was reached)", a, false);
    }
    return new BackendFailureException(message, a, false);
  }

  private static String field(String code) {
    if (code.equals("InvalidNextToken")) {
      return "page.token";
    }
    if (code.startsWith("InvalidZone")) {
      return "parameters[availabilityZone]";
    }
    if (code.startsWith("InvalidKms")) {
      return "parameters[kmsKeyId]";
    }
    return code.toLowerCase(Locale.ROOT).contains("snapshot") ? "snapshotId" : "request";
  }

  /**
   * AWS's own message, or "" when it sent none: not the SDK's placeholder ("Service returned HTTP
   * status code 500") nor its diagnostics ("(Service: Ebs, Status Code: 500, Request ID: null)"),
   * which would otherwise print as an empty "()" or a "null".
   */
  private static String message(AwsServiceException a) {
    String m = a.awsErrorDetails() != null ? a.awsErrorDetails().errorMessage() : null;
    if (m == null || m.isBlank()) {
      m = a.getMessage();
    }
    m = m == null ? "" : m.strip();
    int diagnostics = m.indexOf("(Service: ");
    if (diagnostics >= 0) {
      m = m.substring(0, diagnostics).strip();
    }
    if (m.startsWith("Service returned HTTP status code") || m.equals("()") || m.equals("null")) {
      return "";
    }
    return m;
  }

  private static String requestId(AwsServiceException a) {
    return a.requestId() == null || a.requestId().isBlank() ? "" : " (request id " + a.requestId() + ")";
  }

  /** The first cause of {@code type} in {@code e}'s cause chain (including {@code e}), or null. */
  static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

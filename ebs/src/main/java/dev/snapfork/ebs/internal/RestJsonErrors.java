package dev.snapfork.ebs.internal;

import java.io.ByteArrayInputStream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.ebs.model.EbsException;

/**
 * Reads an EBS direct API error answer (REST/JSON: the error type in {@code x-amzn-ErrorType},
 * possibly followed by {@code :<namespace>}, and a body {@code {"Message": ..., "Reason": ...}})
 * into the SDK's {@link EbsException}, so {@link AwsErrors} translates it like an SDK failure.
 */
public final class RestJsonErrors {
  private RestJsonErrors() {}

  public static AwsServiceException toException(int status, String errorTypeHeader, String requestId, byte[] body, String action) {
    String message = null;
    String reason = null;
    String code = errorTypeHeader;
    if (body.length > 0) {
      try {
        JsonNode n = JsonNode.parser().parse(new ByteArrayInputStream(body));
        if (n.isObject()) {
          message = text(n, "Message", "message");
          reason = text(n, "Reason", "reason");
          if (code == null) {
            code = text(n, "__type", "code");
          }
        }
      } catch (RuntimeException notJson) {
        message = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    if (code != null) {
      int colon = code.indexOf(':');
      code = colon >= 0 ? code.substring(0, colon) : code;
      int hash = code.lastIndexOf('#');
      code = hash >= 0 ? code.substring(hash + 1) : code;
    } else {
      code = status == 429 ? "RequestThrottledException" : status >= 500 ? "InternalServerException" : "HTTP " + status;
    }
    String text = (message == null ? action + " failed with HTTP " + status : message) + (reason == null ? "" : " (reason " + reason + ")");
    return EbsException.builder().statusCode(status).requestId(requestId).message(text)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(text).serviceName("Ebs").build()).build();
  }

  private static String text(JsonNode object, String name, String alternative) {
    JsonNode v = object.field(name).orElseGet(() -> object.field(alternative).orElse(null));
    return v == null || !v.isString() ? null : v.asString();
  }
}

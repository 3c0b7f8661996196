package dev.snapfork.ebs.fake;

import com.github.tomakehurst.wiremock.http.Request;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Verifies the SigV4 signature of a request as AWS would: rebuilds the request from what arrived
 * (method, path, query, the headers named in SignedHeaders, the body), signs it again with the
 * fake's secret using the AWS SDK's own signer (an independent implementation) at the request's
 * {@code x-amz-date}, and compares. The payload hash is computed from the body received, so a
 * request claiming a hash of other bytes fails. Streaming (aws-chunked) and unsigned payloads
 * are counted as skipped.
 */
public final class SignatureCheck {
  public static final String ACCESS_KEY = "AKIDTEST";
  public static final String SECRET = "test-secret-key";
  private static final Pattern AUTH = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  public final AtomicInteger verified = new AtomicInteger();
  public final AtomicInteger skipped = new AtomicInteger();

  /** Null when the signature is valid (or not checkable), else why it is not. */
  public String problem(Request req) {
    String auth = req.getHeader("Authorization");
    if (auth == null) {
      return "missing Authorization";
    }
    Matcher m = AUTH.matcher(auth);
    if (!m.matches()) {
      return "malformed Authorization: " + auth;
    }
    if (!m.group(1).equals(ACCESS_KEY)) {
      return "unknown access key " + m.group(1);
    }
    String contentHash = req.getHeader("x-amz-content-sha256");
    if (contentHash != null && !contentHash.matches("[0-9a-f]{64}")) {
      skipped.incrementAndGet();
      return null;
    }
    String stamp = req.getHeader("x-amz-date");
    if (stamp == null || !stamp.startsWith(m.group(2))) {
      return "x-amz-date " + stamp + " does not match the credential scope date " + m.group(2);
    }
    LocalDateTime at = LocalDateTime.parse(stamp, STAMP);
    SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(req.getMethod().getName()))
        .uri(URI.create(req.getAbsoluteUrl()));
    for (String name : m.group(5).split(";")) {
      String value = req.getHeader(name);
      if (value == null) {
        return "signed header " + name + " was not sent";
      }
      b.putHeader(name, value);
    }
    SdkHttpFullRequest rebuilt = b.build();
    byte[] body = req.getBody() == null ? new byte[0] : req.getBody();
    SignedRequest again = AwsV4HttpSigner.create().sign(r -> r.request(rebuilt).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, m.group(4)).putProperty(AwsV4HttpSigner.REGION_NAME, m.group(3))
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at.toInstant(ZoneOffset.UTC), ZoneOffset.UTC)));
    String expected = again.request().firstMatchingHeader("Authorization").orElse("");
    if (!expected.equals(auth)) {
      return "SignatureDoesNotMatch: expected " + expected + " got " + auth;
    }
    verified.incrementAndGet();
    return null;
  }
}

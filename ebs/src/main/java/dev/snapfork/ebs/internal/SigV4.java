package dev.snapfork.ebs.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * AWS Signature Version 4 for the EBS direct block calls, header form, with a payload hash the
 * caller already has (the block's SHA-256 is computed once for {@code x-amz-Checksum} and reused
 * here, instead of hashing 512 KiB a second time as a generic signer does over plain http).
 * The signing key is derived once per day, region and secret. Thread-safe.
 *
 * <p>Follows the published algorithm: canonical request (method, URI-encoded path, sorted
 * encoded query, sorted lower-case headers, signed header list, payload hash), string to sign
 * {@code AWS4-HMAC-SHA256}, scope {@code date/region/service/aws4_request}.
 */
public final class SigV4 {
  /** SHA-256 of the empty payload, hex. */
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final String region;
  private final String service;
  private volatile SigningKey key;

  public SigV4(String region, String service) {
    this.region = region;
    this.service = service;
  }

  /**
   * Adds {@code x-amz-date}, {@code x-amz-content-sha256}, the session token if any, and
   * {@code Authorization} to {@code headers}, which must already hold {@code host} and every
   * other header to be sent (all are signed).
   *
   * @param rawPath the request path exactly as sent (already percent-encoded)
   * @param query decoded query parameters (encoded here, as they must be in the URL)
   */
  public void sign(String method, String rawPath, Map<String, String> query, SortedMap<String, String> headers,
      String payloadSha256Hex, AwsCredentials credentials, Instant now) {
    String stamp = STAMP.format(now);
    String date = stamp.substring(0, 8);
    headers.put("x-amz-date", stamp);
    headers.put("x-amz-content-sha256", payloadSha256Hex);
    if (credentials instanceof AwsSessionCredentials session) {
      headers.put("x-amz-security-token", session.sessionToken());
    }
    StringBuilder canonicalHeaders = new StringBuilder();
    StringBuilder signed = new StringBuilder();
    SortedMap<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), trimAll(v)));
    lower.forEach((k, v) -> {
      canonicalHeaders.append(k).append(':').append(v).append('\n');
      signed.append(signed.length() == 0 ? "" : ";").append(k);
    });
    String canonical = method + '\n' + canonicalPath(rawPath) + '\n' + canonicalQuery(query) + '\n' + canonicalHeaders + '\n'
        + signed + '\n' + payloadSha256Hex;
    String scope = date + '/' + region + '/' + service + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + stamp + '\n' + scope + '\n' + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] signature = hmac(signingKey(credentials.secretAccessKey(), date), toSign);
    headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + '/' + scope + ", SignedHeaders=" + signed
        + ", Signature=" + HEX.formatHex(signature));
  }

  /** Trims and collapses runs of spaces, as the canonical header form wants. */
  private static String trimAll(String v) {
    String t = v.strip();
    return t.contains("  ") ? t.replaceAll(" +", " ") : t;
  }

  /** The query string as sent and as signed: parameters sorted by name, RFC 3986 encoded. */
  public static String canonicalQuery(Map<String, String> query) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(query).forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(encode(k)).append('=').append(encode(v)));
    return b.toString();
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters. */
  public static String encode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }

  /** Services other than S3 sign the path encoded a second time, segment by segment. */
  private static String canonicalPath(String rawPath) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder b = new StringBuilder();
    for (String segment : rawPath.split("/", -1)) {
      b.append(b.length() == 0 && segment.isEmpty() ? "" : "/").append(encode(segment));
    }
    return b.length() == 0 ? "/" : b.toString();
  }

  private byte[] signingKey(String secret, String date) {
    SigningKey k = key;
    if (k == null || !k.date.equals(date) || !k.secret.equals(secret)) {
      byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
      k = new SigningKey(secret, date, hmac(hmac(hmac(kDate, region), service), "aws4_request"));
      key = k;
    }
    return k.key;
  }

  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  });

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = MAC.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    return Sha.digest(data, data.length);
  }

  /** The derived key for one day; the secret is kept only to notice a rotation. */
  private record SigningKey(String secret, String date, byte[] key) {
    @Override
    public String toString() {
      return "SigningKey[" + date + "]";
    }
  }
}

package dev.snapfork.ebs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Our SigV4 against the AWS SDK's signer (an independent implementation of the same published
 * algorithm): identical Authorization headers for the requests the direct transport sends.
 */
class SigV4Test {
  private static final Instant AT = Instant.parse("2026-11-29T23:59:58Z");

  @Test
  void getWithAnEncodedBlockTokenAndSessionCredentials_matchesTheSdk() {
    AwsCredentials creds = AwsSessionCredentials.create("ASIAEXAMPLE", "secret/with+chars", "token==");
    Map<String, String> query = Map.of("blockToken", "AAUBAf+/x=a b~");
    assertSame("GET", "http://127.0.0.1:8443", "/snapshots/snap-0123456789abcdef0/blocks/7", query, new TreeMap<>(), new byte[0], creds, AT);
  }

  @Test
  void putWithChecksumHeadersAndAPrecomputedPayloadHash_matchesTheSdkHashingThePayload() {
    byte[] body = new byte[524288];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31);
    }
    SortedMap<String, String> headers = new TreeMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("x-amz-Checksum", Sha.base64(Sha.digest(body, body.length)));
    headers.put("x-amz-Checksum-Algorithm", "SHA256");
    headers.put("x-amz-Data-Length", "524288");
    headers.put("x-amz-Progress", "42");
    assertSame("PUT", "https://ebs.eu-west-1.amazonaws.com", "/snapshots/snap-0123456789abcdef0/blocks/12", Map.of(), headers, body,
        AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), AT);
  }

  @Test
  void anEndpointWithABasePath_andTheNextDay_matchTheSdk() {
    AwsCredentials creds = AwsBasicCredentials.create("AKIDEXAMPLE", "s");
    SigV4 signer = new SigV4("eu-west-1", "ebs");
    // the same signer instance across a day boundary: its cached signing key must be re-derived
    assertSame(signer, "GET", "http://localhost:4566", "/prefix/snapshots/snap-1/blocks/0", Map.of("blockToken", "t"), new TreeMap<>(),
        new byte[0], creds, AT);
    assertSame(signer, "GET", "http://localhost:4566", "/prefix/snapshots/snap-1/blocks/0", Map.of("blockToken", "t"), new TreeMap<>(),
        new byte[0], creds, AT.plusSeconds(5));
    assertSame(signer, "GET", "http://localhost:4566", "/prefix/snapshots/snap-1/blocks/0", Map.of("blockToken", "t"), new TreeMap<>(),
        new byte[0], AwsBasicCredentials.create("AKIDEXAMPLE", "rotated"), AT.plusSeconds(6));
  }

  @Test
  void queryEncodingIsRfc3986() {
    assertThat(SigV4.encode("a+b/c=d e~f_g.h-i")).isEqualTo("a%2Bb%2Fc%3Dd%20e~f_g.h-i");
    assertThat(SigV4.canonicalQuery(Map.of("b", "2", "a", "1"))).isEqualTo("a=1&b=2");
  }

  private static void assertSame(String method, String base, String path, Map<String, String> query, SortedMap<String, String> headers,
      byte[] body, AwsCredentials creds, Instant at) {
    assertSame(new SigV4("eu-west-1", "ebs"), method, base, path, query, headers, body, creds, at);
  }

  private static void assertSame(SigV4 signer, String method, String base, String path, Map<String, String> query,
      SortedMap<String, String> headers, byte[] body, AwsCredentials creds, Instant at) {
    URI uri = URI.create(base);
    String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    SortedMap<String, String> ours = new TreeMap<>(headers);
    ours.put("Host", host);
    signer.sign(method, path, query, ours, Sha.hex(Sha.digest(body, body.length)), creds, at);

    String q = query.isEmpty() ? "" : "?" + SigV4.canonicalQuery(query);
    SdkHttpFullRequest.Builder b = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(base + path + q));
    Map<String, String> sdkHeaders = new LinkedHashMap<>(headers);
    if (creds instanceof AwsSessionCredentials s) {
      sdkHeaders.put("x-amz-security-token", s.sessionToken());
    }
    sdkHeaders.forEach(b::putHeader);
    SdkHttpFullRequest request = b.build();
    var signed = AwsV4HttpSigner.create().sign(r -> r.request(request).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .identity(creds).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ebs").putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    assertThat(ours.get("Authorization")).isEqualTo(signed.request().firstMatchingHeader("Authorization").orElseThrow());
    assertThat(ours.get("x-amz-date")).isEqualTo(signed.request().firstMatchingHeader("x-amz-date").orElseThrow());
  }
}

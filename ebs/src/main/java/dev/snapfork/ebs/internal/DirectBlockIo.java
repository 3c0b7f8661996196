package dev.snapfork.ebs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The {@code direct} block transport: GetSnapshotBlock and PutSnapshotBlock as plain HTTP
 * requests on a pooled Apache HttpClient (one connection per concurrent call, no
 * {@code Expect: 100-continue}, the block written in one piece), signed by {@link SigV4} with the
 * block's SHA-256 as payload hash (GETs: the empty payload's). Error answers become the SDK's
 * exception types via {@link RestJsonErrors}.
 */
public final class DirectBlockIo implements BlockIo {
  private static final String SERVICE = "ebs";

  private final URI endpoint;
  private final String basePath;
  private final String hostHeader;
  private final AwsCredentialsProvider credentials;
  private final SigV4 signer;
  private final CloseableHttpClient http;
  private final Clock clock;

  /**
   * @param endpoint the EBS direct API endpoint (scheme, host, optional port and base path)
   * @param region the signing region
   * @param connections pooled connections (the transfer concurrency plus headroom)
   */
  public DirectBlockIo(URI endpoint, String region, AwsCredentialsProvider credentials, int connections, Clock clock) {
    this.endpoint = endpoint;
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    boolean defaultPort = endpoint.getPort() == -1 || ("https".equals(endpoint.getScheme()) && endpoint.getPort() == 443)
        || ("http".equals(endpoint.getScheme()) && endpoint.getPort() == 80);
    this.hostHeader = defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    this.credentials = credentials;
    this.signer = new SigV4(region, SERVICE);
    this.clock = clock;
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(60, TimeUnit.SECONDS);
    pool.setMaxTotal(connections);
    pool.setDefaultMaxPerRoute(connections);
    pool.setValidateAfterInactivity(2000);
    RequestConfig config = RequestConfig.custom().setConnectTimeout(10_000).setSocketTimeout(60_000)
        .setConnectionRequestTimeout(60_000).setExpectContinueEnabled(false).setRedirectsEnabled(false).build();
    this.http = HttpClients.custom().setConnectionManager(pool).setDefaultRequestConfig(config).setUserAgent("snapfork-ebs")
        .disableContentCompression().disableCookieManagement().disableAuthCaching().disableRedirectHandling()
        .disableAutomaticRetries().useSystemProperties().build();
  }

  /** The endpoint block calls go to. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public String get(String snapshotId, long index, String blockToken, byte[] buf) {
    String path = basePath + "/snapshots/" + snapshotId + "/blocks/" + index;
    Map<String, String> query = Map.of("blockToken", blockToken);
    HttpGet get = new HttpGet(url(path, query));
    sign(get, path, query, new TreeMap<>(), SigV4.EMPTY_SHA256);
    try (CloseableHttpResponse r = http.execute(get)) {
      int status = r.getStatusLine().getStatusCode();
      HttpEntity entity = r.getEntity();
      if (status != 200) {
        throw RestJsonErrors.toException(status, header(r, "x-amzn-ErrorType"), header(r, "x-amzn-RequestId"),
            entity == null ? new byte[0] : EntityUtils.toByteArray(entity), "GetSnapshotBlock");
      }
      if (entity == null) {
        throw SdkClientException.create("GetSnapshotBlock of block " + index + " of " + snapshotId + " answered without a body");
      }
      long declared = entity.getContentLength() >= 0 ? entity.getContentLength() : dataLength(r);
      try (InputStream in = entity.getContent()) {
        SdkBlockIo.readBlock(in, buf, snapshotId, index, declared);
        if (in.read() != -1) {
          throw SdkClientException.create("block " + index + " of " + snapshotId + " is longer than " + buf.length + " bytes");
        }
      }
      return header(r, "x-amz-Checksum");
    } catch (IOException e) {
      throw SdkClientException.create("GetSnapshotBlock of block " + index + " of " + snapshotId + " failed: " + e, e);
    }
  }

  @Override
  public void put(String snapshotId, long index, byte[] buf, byte[] sha256, int progress) {
    String path = basePath + "/snapshots/" + snapshotId + "/blocks/" + index;
    HttpPut put = new HttpPut(url(path, Map.of()));
    SortedMap<String, String> headers = new TreeMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("x-amz-Checksum", Sha.base64(sha256));
    headers.put("x-amz-Checksum-Algorithm", "SHA256");
    headers.put("x-amz-Data-Length", Integer.toString(buf.length));
    headers.put("x-amz-Progress", Integer.toString(progress));
    sign(put, path, Map.of(), headers, Sha.hex(sha256));
    put.setEntity(new ByteArrayEntity(buf));
    try (CloseableHttpResponse r = http.execute(put)) {
      int status = r.getStatusLine().getStatusCode();
      byte[] body = r.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(r.getEntity());
      if (status / 100 != 2) {
        throw RestJsonErrors.toException(status, header(r, "x-amzn-ErrorType"), header(r, "x-amzn-RequestId"), body, "PutSnapshotBlock");
      }
    } catch (IOException e) {
      throw SdkClientException.create("PutSnapshotBlock of block " + index + " of " + snapshotId + " failed: " + e, e);
    }
  }

  private URI url(String path, Map<String, String> query) {
    String q = query.isEmpty() ? "" : "?" + SigV4.canonicalQuery(query);
    return URI.create(endpoint.getScheme() + "://" + hostHeader + path + q);
  }

  private void sign(HttpRequestBase request, String path, Map<String, String> query, SortedMap<String, String> headers, String payloadHash) {
    AwsCredentials c;
    try {
      c = credentials.resolveCredentials();
    } catch (RuntimeException e) {
      throw SdkClientException.create("no AWS credentials for the EBS direct API: " + e.getMessage(), e);
    }
    headers.put("Host", hostHeader);
    signer.sign(request.getMethod(), path.isEmpty() ? "/" : path, query, headers, payloadHash, c, clock.instant());
    headers.forEach(request::setHeader);
  }

  private static long dataLength(CloseableHttpResponse r) {
    String v = header(r, "x-amz-Data-Length");
    try {
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String header(CloseableHttpResponse r, String name) {
    Header h = r.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // closing pooled connections; nothing to recover
    }
  }
}

package dev.snapfork.ebs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.BackendFailureException;
import dev.snapfork.spi.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A GetSnapshotBlock answer whose body breaks off in transit, over the direct transport: a
 * loopback HTTP/1.1 server answers 200 with {@code Content-Length: 524288}, sends 1000 bytes and
 * closes the connection. Per HTTP/1.1 (RFC 9112 section 8) a message closed before its declared
 * Content-Length is incomplete; this is how a dropped connection mid-block looks to the client.
 */
class TruncatedBlockTest {
  private static final int BLOCK = 524288;

  @Test
  void aBodyCutOffInTransitIsRetriedAFewTimesThenReportedAsTruncatedWithItsFigures() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> serve(server, answered), "truncating-server");
      t.setDaemon(true);
      t.start();
      URI endpoint = URI.create("http://127.0.0.1:" + server.getLocalPort());
      try (DirectBlockIo io = new DirectBlockIo(endpoint, "eu-west-1",
          StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")), 4, Clock.systemUTC())) {
        BlockCalls calls = new BlockCalls(new AdaptiveLimiter(1), new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 1.0), 10);
        byte[] buf = new byte[BLOCK];
        assertThatExceptionOfType(BackendFailureException.class)
            .isThrownBy(() -> calls.run("GetSnapshotBlock", "snap-0123456789abcdef0", 7,
                () -> io.get("snap-0123456789abcdef0", 7, "tok", buf)))
            .satisfies(e -> assertThat(e.retryable()).as("a transfer failure may pass").isTrue())
            .withMessageContaining("block 7 of snap-0123456789abcdef0").withMessageContaining("HTTP 200")
            .withMessageContaining("1000 of " + BLOCK + " bytes").withMessageContaining("truncated in transit")
            .withMessageContaining(BlockCalls.SHORT_BLOCK_ATTEMPTS + " attempts")
            .withMessageNotContaining("failed before AWS answered");
      }
    }
    assertThat(answered.get()).as("bounded: not the 10 attempts of the general budget").isEqualTo(BlockCalls.SHORT_BLOCK_ATTEMPTS);
  }

  /** Answers every request with a 200 whose body stops after 1000 of the declared 524288 bytes. */
  private static void serve(ServerSocket server, AtomicInteger answered) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        // read the request head (a GET has no body)
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int c;
        while (matched < 4 && (c = in.read()) != -1) {
          matched = c == end[matched] ? matched + 1 : (c == end[0] ? 1 : 0);
        }
        OutputStream out = s.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + BLOCK
            + "\r\nx-amz-Data-Length: " + BLOCK + "\r\nx-amz-Checksum: AAAA\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]);
        out.flush();
        answered.incrementAndGet();
      } catch (IOException e) {
        return;
      }
    }
  }
}

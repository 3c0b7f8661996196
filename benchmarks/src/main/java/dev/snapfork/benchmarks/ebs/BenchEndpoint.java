package dev.snapfork.benchmarks.ebs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal loopback endpoint speaking the EC2 Query/XML calls and the EBS direct REST/JSON calls
 * the benchmark needs, on the JDK's HTTP server. Block content is generated from the index (16
 * distinct blocks), so serving a 1 GiB snapshot holds no 1 GiB in memory; uploaded blocks are
 * checked against their SHA-256 and dropped. Also serves {@code /raw/<i>} (the same bytes, no
 * protocol) for the raw loopback ceiling.
 */
final class BenchEndpoint implements AutoCloseable {
  static final int BLOCK = 524288;
  private static final java.util.regex.Pattern BLOCK_PATH = java.util.regex.Pattern.compile("/snapshots/[^/]+/blocks/\\d+");
  private static final java.util.regex.Pattern BLOCKS_PATH = java.util.regex.Pattern.compile("/snapshots/[^/]+/blocks");
  private final HttpServer server;
  private final ExecutorService pool;
  private final byte[][] blocks = new byte[16][];
  private final String[] sums = new String[16];
  /** Written blocks per snapshot id. */
  final Map<String, Integer> sizes = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> describesLeft = new ConcurrentHashMap<>();
  final AtomicInteger describeCalls = new AtomicInteger();
  final AtomicLong describedIds = new AtomicLong();
  final AtomicLong putBlocks = new AtomicLong();
  volatile int describesUntilCompleted = 3;
  /** Simulated service time of every block request (raw and EBS), milliseconds; 0 = none. */
  volatile int latencyMs;

  BenchEndpoint(int threads) throws IOException {
    for (int i = 0; i < 16; i++) {
      blocks[i] = new byte[BLOCK];
      for (int k = 0; k < BLOCK; k++) {
        blocks[i][k] = (byte) (i * 7 + k % 253 + 1);
      }
      sums[i] = sha(blocks[i], BLOCK);
    }
    // Without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  byte[] block(long index) {
    return blocks[(int) (index % 16)];
  }

  static String sha(byte[] data, int len) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(data, 0, len);
      return Base64.getEncoder().encodeToString(d.digest());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      if (latencyMs > 0 && (path.startsWith("/raw/") || BLOCK_PATH.matcher(path).matches())) {
        try {
          Thread.sleep(latencyMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (path.startsWith("/raw/")) {
        if (method.equals("PUT")) {
          // read like a block PUT, so the ceiling's server work is the same as PutSnapshotBlock's
          readBody(ex);
          send(ex, 201, "application/octet-stream", new byte[0], 0);
        } else {
          drain(ex);
          send(ex, 200, "application/octet-stream", block(Long.parseLong(path.substring(5))), BLOCK);
        }
      } else if (path.equals("/") && method.equals("POST")) {
        ec2(ex, query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      } else if (path.equals("/snapshots") && method.equals("POST")) {
        drain(ex);
        String id = "snap-" + String.format("%017x", System.nanoTime() & 0xfffffffffffffL);
        sizes.put(id, 2048);
        json(ex, 201, "{\"SnapshotId\":\"" + id + "\",\"Status\":\"pending\",\"BlockSize\":524288,\"VolumeSize\":1}");
      } else if (path.startsWith("/snapshots/completion/")) {
        drain(ex);
        json(ex, 202, "{\"Status\":\"completed\"}");
      } else if (BLOCK_PATH.matcher(path).matches()) {
        long index = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        if (method.equals("PUT")) {
          int length = readBody(ex);
          String sum = ex.getRequestHeaders().getFirst("x-amz-Checksum");
          // Only the length is checked: the raw ceiling's PUTs are not hashed by the server either
          // (the module's tests check checksums against the stateful fake).
          if (length != BLOCK || sum == null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", "ValidationException");
            json(ex, 400, "{\"Message\":\"bad block\",\"Reason\":\"INVALID_CHECKSUM\"}");
            return;
          }
          putBlocks.incrementAndGet();
          ex.getResponseHeaders().add("x-amz-Checksum", sum);
          ex.getResponseHeaders().add("x-amz-Checksum-Algorithm", "SHA256");
          send(ex, 201, "application/json", new byte[0], 0);
        } else {
          drain(ex);
          ex.getResponseHeaders().add("x-amz-Checksum", sums[(int) (index % 16)]);
          ex.getResponseHeaders().add("x-amz-Checksum-Algorithm", "SHA256");
          ex.getResponseHeaders().add("x-amz-Data-Length", String.valueOf(BLOCK));
          send(ex, 200, "application/octet-stream", block(index), BLOCK);
        }
      } else if (BLOCKS_PATH.matcher(path).matches()) {
        drain(ex);
        String id = path.split("/")[2];
        long count = sizes.getOrDefault(id, 2048);
        int gib = (int) Math.max(1, (count + 2047) / 2048);
        StringBuilder b = new StringBuilder("{\"VolumeSize\":" + gib + ",\"BlockSize\":524288,\"Blocks\":[");
        for (long i = 0; i < count; i++) {
          b.append(i == 0 ? "" : ",").append("{\"BlockIndex\":").append(i).append(",\"BlockToken\":\"t").append(i).append("\"}");
        }
        json(ex, 200, b.append("]}").toString());
      } else {
        drain(ex);
        json(ex, 404, "{\"Message\":\"no route\"}");
      }
    } catch (RuntimeException e) {
      json(ex, 500, "{\"Message\":\"" + e + "\"}");
    } finally {
      ex.close();
    }
  }

  private void ec2(HttpExchange ex, Map<String, String> p) throws IOException {
    String action = p.get("Action");
    if ("CreateSnapshot".equals(action)) {
      String id = "snap-" + String.format("%017x", System.nanoTime() & 0xfffffffffffffL);
      sizes.put(id, 2048);
      describesLeft.put(id, new AtomicInteger(describesUntilCompleted));
      xml(ex, "CreateSnapshot", "<snapshotId>" + id + "</snapshotId><volumeId>" + p.get("VolumeId")
          + "</volumeId><status>pending</status><startTime>" + Instant.now() + "</startTime><volumeSize>1</volumeSize><tagSet/>");
      return;
    }
    if ("DescribeSnapshots".equals(action)) {
      describeCalls.incrementAndGet();
      StringBuilder items = new StringBuilder("<snapshotSet>");
      for (int i = 1; ; i++) {
        String id = "snapshot-id".equals(p.get("Filter.1.Name")) ? p.get("Filter.1.Value." + i) : null;
        if (id == null) {
          id = p.get("SnapshotId." + i);
        }
        if (id == null) {
          break;
        }
        describedIds.incrementAndGet();
        AtomicInteger left = describesLeft.get(id);
        String state = left == null || left.getAndDecrement() <= 0 ? "completed" : "pending";
        items.append("<item><snapshotId>").append(id).append("</snapshotId><volumeId>vol-0123456789abcdef0</volumeId><status>")
            .append(state).append("</status><startTime>").append(Instant.now()).append("</startTime><volumeSize>")
            .append(Math.max(1, (sizes.getOrDefault(id, 2048) + 2047) / 2048)).append("</volumeSize><tagSet/></item>");
      }
      xml(ex, "DescribeSnapshots", items.append("</snapshotSet>").toString());
      return;
    }
    xml(ex, action, "");
  }

  /** Reads a PUT body into a per-thread buffer (the server must not dominate the heap measured). */
  private static final ThreadLocal<byte[]> BODY = ThreadLocal.withInitial(() -> new byte[BLOCK + 1]);

  private static int readBody(HttpExchange ex) throws IOException {
    byte[] buf = BODY.get();
    int off = 0;
    try (InputStream in = ex.getRequestBody()) {
      int n;
      while (off < buf.length && (n = in.read(buf, off, buf.length - off)) > 0) {
        off += n;
      }
    }
    return off;
  }

  private static void drain(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body, int len) throws IOException {
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, len == 0 ? -1 : len);
    if (len > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        // in 64 KiB pieces: the JDK server copies each write into a buffer of its size
        for (int off = 0; off < len; off += 65536) {
          out.write(body, off, Math.min(65536, len - off));
        }
      }
    }
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    send(ex, status, "application/json", b, b.length);
  }

  private static void xml(HttpExchange ex, String action, String inner) throws IOException {
    byte[] b = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>bench</requestId>" + inner + "</" + action + "Response>").getBytes(StandardCharsets.UTF_8);
    send(ex, 200, "text/xml", b, b.length);
  }

  static Map<String, String> query(String q) {
    Map<String, String> out = new TreeMap<>();
    if (q == null) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

package dev.snapfork.ebs.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.http.Request;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers EBS direct API calls (REST/JSON, binary block bodies) from {@link FakeAws} state. */
final class EbsResponder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BLOCK = Pattern.compile("/snapshots/(snap-[0-9a-f]+)/blocks/(\\d+)");
  private static final Pattern BLOCKS = Pattern.compile("/snapshots/(snap-[0-9a-f]+)/blocks");
  private static final Pattern CHANGED = Pattern.compile("/snapshots/(snap-[0-9a-f]+)/changedblocks");
  private static final Pattern COMPLETE = Pattern.compile("/snapshots/completion/(snap-[0-9a-f]+)");
  private final FakeAws aws;

  EbsResponder(FakeAws aws) {
    this.aws = aws;
  }

  static ResponseDefinition error(int status, String type, String message, String reason) {
    ObjectNode n = JSON.createObjectNode().put("Message", message);
    if (reason != null) {
      n.put("Reason", reason);
    }
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("x-amzn-ErrorType", type)
        .withHeader("Content-Type", "application/json").withBody(n.toString()).build();
  }

  private static ResponseDefinition json(int status, JsonNode body) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body.toString()).build();
  }

  static String sha256(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  ResponseDefinition handle(Request req, String path, Map<String, String> query) {
    String badSignature = aws.signatures.problem(req);
    if (badSignature != null) {
      return error(403, "SignatureDoesNotMatch", badSignature, null);
    }
    if (aws.throttleBlockCalls.get() > 0 && aws.throttleBlockCalls.getAndDecrement() > 0) {
      return error(400, "RequestThrottledException", "The request was throttled", "RESOURCE_LEVEL_THROTTLE");
    }
    int now = aws.inFlight.incrementAndGet();
    aws.maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Matcher m;
      String method = req.getMethod().getName();
      if (method.equals("POST") && path.equals("/snapshots")) {
        return start(req);
      }
      if ((m = COMPLETE.matcher(path)).matches()) {
        return complete(req, m.group(1));
      }
      if ((m = BLOCK.matcher(path)).matches()) {
        return method.equals("PUT") ? put(req, m.group(1), Integer.parseInt(m.group(2))) : get(m.group(1), Integer.parseInt(m.group(2)), query);
      }
      if ((m = BLOCKS.matcher(path)).matches()) {
        return list(m.group(1), query);
      }
      if ((m = CHANGED.matcher(path)).matches()) {
        return changed(m.group(1), query);
      }
      return error(404, "ResourceNotFoundException", "no route " + method + " " + path, null);
    } finally {
      aws.inFlight.decrementAndGet();
    }
  }

  private ResponseDefinition start(Request req) {
    JsonNode in;
    try {
      in = JSON.readTree(req.getBodyAsString());
    } catch (Exception e) {
      return error(400, "ValidationException", "malformed body", "INVALID_PARAMETER_VALUE");
    }
    synchronized (aws) {
      String token = in.path("ClientToken").asText(null);
      if (token != null) {
        for (FakeAws.Snap s : aws.snapshots.values()) {
          if (token.equals(s.clientToken)) {
            return json(201, started(s));
          }
        }
      }
      String parent = in.path("ParentSnapshotId").asText(null);
      FakeAws.Snap p = parent == null ? null : aws.snapshots.get(parent);
      if (parent != null && p == null) {
        return error(404, "ResourceNotFoundException", "The parent snapshot " + parent + " does not exist", "SNAPSHOT_NOT_FOUND");
      }
      FakeAws.Snap s = new FakeAws.Snap();
      s.id = "snap-" + FakeAws.hex(17);
      s.volumeId = "vol-ffffffff";
      s.sizeGib = in.path("VolumeSize").asInt();
      s.direct = true;
      s.parentId = parent;
      s.clientToken = token;
      s.description = in.path("Description").asText("");
      for (JsonNode t : in.path("Tags")) {
        s.tags.put(t.path("Key").asText(), t.path("Value").asText());
      }
      if (p != null) {
        s.blocks.putAll(p.blocks);
      }
      aws.snapshots.put(s.id, s);
      aws.pendingNotFound.set(aws.notFoundAfterStart);
      return json(201, started(s));
    }
  }

  private ObjectNode started(FakeAws.Snap s) {
    ObjectNode n = JSON.createObjectNode().put("SnapshotId", s.id).put("OwnerId", Ec2Responder.OWNER).put("Status", s.state)
        .put("StartTime", s.started.getEpochSecond()).put("VolumeSize", s.sizeGib).put("BlockSize", FakeAws.BLOCK);
    if (s.parentId != null) {
      n.put("ParentSnapshotId", s.parentId);
    }
    ArrayNode tags = n.putArray("Tags");
    s.tags.forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    return n;
  }

  private ResponseDefinition put(Request req, String id, int index) {
    if (aws.pendingNotFound.get() > 0 && aws.pendingNotFound.getAndDecrement() > 0) {
      return error(404, "ResourceNotFoundException", "The snapshot " + id + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    FakeAws.Snap s = aws.snapshots.get(id);
    if (s == null) {
      return error(404, "ResourceNotFoundException", "The snapshot " + id + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    if (!s.state.equals("pending")) {
      return error(400, "ValidationException", "The snapshot is not pending", "INVALID_SNAPSHOT_STATE");
    }
    byte[] data = body(req);
    if (data.length != FakeAws.BLOCK) {
      return error(400, "ValidationException", "Block data must be 524288 bytes, got " + data.length, "INVALID_BLOCK");
    }
    String checksum = req.getHeader("x-amz-Checksum");
    if (!sha256(data).equals(checksum)) {
      return error(400, "ValidationException", "The checksum of block " + index + " does not match", "INVALID_CHECKSUM");
    }
    if ((long) index * FakeAws.BLOCK >= (long) s.sizeGib << 30) {
      return error(400, "ValidationException", "Block index " + index + " is beyond the volume", "INVALID_BLOCK");
    }
    synchronized (aws) {
      s.blocks.put(index, data);
      writtenIn(s).add(index);
    }
    return ResponseDefinitionBuilder.responseDefinition().withStatus(201).withHeader("x-amz-Checksum", checksum)
        .withHeader("x-amz-Checksum-Algorithm", "SHA256").build();
  }

  private final Map<String, java.util.SortedSet<Integer>> written = new java.util.concurrent.ConcurrentHashMap<>();

  private java.util.SortedSet<Integer> writtenIn(FakeAws.Snap s) {
    return written.computeIfAbsent(s.id, k -> new java.util.concurrent.ConcurrentSkipListSet<>());
  }

  private static byte[] body(Request req) {
    byte[] raw = req.getBody();
    String enc = req.getHeader("Content-Encoding");
    if (enc != null && enc.contains("aws-chunked")) {
      return dechunk(raw);
    }
    return raw;
  }

  /** Decodes aws-chunked framing: hex-size[;chunk-signature=...]\r\n data \r\n ... 0\r\n trailers. */
  private static byte[] dechunk(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 0;
    while (pos < raw.length) {
      int eol = pos;
      while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
        eol++;
      }
      String header = new String(raw, pos, eol - pos, java.nio.charset.StandardCharsets.US_ASCII);
      int semi = header.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).trim(), 16);
      pos = eol + 2;
      if (size == 0) {
        break;
      }
      out.write(raw, pos, size);
      pos += size + 2;
    }
    return out.toByteArray();
  }

  private ResponseDefinition complete(Request req, String id) {
    FakeAws.Snap s = aws.snapshots.get(id);
    if (s == null) {
      return error(404, "ResourceNotFoundException", "The snapshot " + id + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    synchronized (aws) {
      java.util.SortedSet<Integer> w = writtenIn(s);
      int expected = Integer.parseInt(req.getHeader("x-amz-ChangedBlocksCount"));
      if (expected != w.size()) {
        return error(400, "ValidationException", "ChangedBlocksCount " + expected + " does not match the " + w.size() + " blocks written",
            "INVALID_CHANGED_BLOCKS_COUNT");
      }
      String aggregate = req.getHeader("x-amz-Checksum");
      if (aggregate != null) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i : w) {
          all.writeBytes(Base64.getDecoder().decode(sha256(s.blocks.get(i))));
        }
        if (!sha256(all.toByteArray()).equals(aggregate)) {
          return error(400, "ValidationException", "The aggregate checksum does not match", "INVALID_CHECKSUM");
        }
      }
      s.state = "completed";
      s.direct = false;
    }
    return json(202, JSON.createObjectNode().put("Status", "completed"));
  }

  private ResponseDefinition get(String id, int index, Map<String, String> query) {
    FakeAws.Snap s = aws.snapshots.get(id);
    if (s == null) {
      return error(404, "ResourceNotFoundException", "The snapshot " + id + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    if (!("tok-" + id + "-" + index).equals(query.get("blockToken"))) {
      return error(400, "ValidationException", "The block token is not valid", "INVALID_BLOCK_TOKEN");
    }
    byte[] data = s.blocks.get(index);
    if (data == null) {
      data = new byte[FakeAws.BLOCK];
    }
    String checksum = aws.corrupt.contains(id + "/" + index) ? sha256(new byte[] {1, 2, 3}) : sha256(data);
    aws.blockGets.computeIfAbsent(id + "/" + index, k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
    Integer cut = aws.shortBlocks.get(id + "/" + index);
    byte[] body = cut == null ? data : java.util.Arrays.copyOf(data, cut);
    return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/octet-stream")
        .withHeader("x-amz-Data-Length", String.valueOf(data.length)).withHeader("x-amz-Checksum", checksum)
        .withHeader("x-amz-Checksum-Algorithm", "SHA256").withBody(body).build();
  }

  private ResponseDefinition list(String id, Map<String, String> query) {
    FakeAws.Snap s = aws.snapshots.get(id);
    if (s == null) {
      return error(404, "ResourceNotFoundException", "The snapshot " + id + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    if (!s.state.equals("completed")) {
      return error(400, "ValidationException", "The snapshot " + id + " is not completed", "INVALID_SNAPSHOT_STATE");
    }
    int max = Integer.parseInt(query.getOrDefault("maxResults", "10000"));
    if (max < 100 || max > 10000) {
      return error(400, "ValidationException", "maxResults must be between 100 and 10000", "INVALID_PARAMETER_VALUE");
    }
    int from = Integer.parseInt(query.getOrDefault("pageToken", query.getOrDefault("startingBlockIndex", "0")).replace("p", ""));
    ObjectNode n = page(s, from, max);
    ArrayNode blocks = n.putArray("Blocks");
    int last = -1;
    int count = 0;
    for (Map.Entry<Integer, byte[]> e : s.blocks.tailMap(from).entrySet()) {
      if (count == max) {
        n.put("NextToken", "p" + e.getKey());
        break;
      }
      blocks.addObject().put("BlockIndex", e.getKey()).put("BlockToken", "tok-" + id + "-" + e.getKey());
      count++;
    }
    return json(200, n);
  }

  private ObjectNode page(FakeAws.Snap s, int from, int max) {
    return JSON.createObjectNode().put("VolumeSize", s.sizeGib).put("BlockSize", FakeAws.BLOCK)
        .put("ExpiryTime", Instant.now().plusSeconds(7 * 86400).getEpochSecond());
  }

  private ResponseDefinition changed(String second, Map<String, String> query) {
    FakeAws.Snap b = aws.snapshots.get(second);
    String firstId = query.get("firstSnapshotId");
    FakeAws.Snap a = firstId == null ? null : aws.snapshots.get(firstId);
    if (b == null || (firstId != null && a == null)) {
      return error(404, "ResourceNotFoundException", "The snapshot " + (b == null ? second : firstId) + " does not exist", "SNAPSHOT_NOT_FOUND");
    }
    int max = Integer.parseInt(query.getOrDefault("maxResults", "10000"));
    int from = Integer.parseInt(query.getOrDefault("pageToken", query.getOrDefault("startingBlockIndex", "0")).replace("p", ""));
    java.util.TreeSet<Integer> indexes = new java.util.TreeSet<>(b.blocks.keySet());
    if (a != null) {
      indexes.addAll(a.blocks.keySet());
    }
    ObjectNode n = page(b, from, max);
    ArrayNode out = n.putArray("ChangedBlocks");
    int count = 0;
    for (int i : indexes.tailSet(from)) {
      byte[] x = a == null ? null : a.blocks.get(i);
      byte[] y = b.blocks.get(i);
      if (x != null && y != null && java.util.Arrays.equals(x, y)) {
        continue;
      }
      if (count == max) {
        n.put("NextToken", "p" + i);
        break;
      }
      ObjectNode c = out.addObject().put("BlockIndex", i);
      if (x != null) {
        c.put("FirstBlockToken", "tok-" + firstId + "-" + i);
      }
      if (y != null) {
        c.put("SecondBlockToken", "tok-" + second + "-" + i);
      }
      count++;
    }
    return json(200, n);
  }
}

package dev.snapfork.examples.codepipeline;

import dev.snapfork.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The action's UserParameters (a JSON object), e.g.
 * <pre>{@code
 * {"source": "vol-0abc", "target": "staging-db", "expiresAfter": "24h", "reserveSeconds": 15,
 *  "config": {"snapfork.provider": "ebs", "snapfork.hooks": "mongo", "snapfork.ebs.region": "eu-west-1"}}
 * }</pre>
 *
 * @param source the volume to fork
 * @param target the staging volume's name
 * @param expiresAfter the expiry label put on the fork
 * @param reserve time kept free at the end for releasing hooks and reporting
 * @param config Snapfork configuration keys (full names)
 */
public record ForkParameters(String source, String target, Duration expiresAfter, Duration reserve, Map<String, String> config,
    Optional<Staging> kubernetes) {

  /**
   * The optional {@code kubernetes} object: after the fork, run the staging tests on Kubernetes
   * against the cloned volume (a PVC named like the clone in {@code namespace}), e.g.
   * {@code {"namespace": "staging", "testImage": "registry/tests:1", "testCommand": ["/run-tests.sh"]}}.
   */
  public record Staging(String namespace, String testImage, List<String> testCommand, String image, String size, String cpu,
      String memory) {}

  /**
   * Parses UserParameters.
   *
   * @throws InvalidRequestException naming the field for malformed JSON, a missing field or a bad value
   */
  public static ForkParameters parse(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidRequestException("UserParameters", "is required: a JSON object with source, target and config");
    }
    JsonNode root;
    try {
      root = JsonNode.parser().parse(json);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("UserParameters", "is not valid JSON: " + e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new InvalidRequestException("UserParameters", "must be a JSON object");
    }
    Map<String, JsonNode> o = root.asObject();
    String source = text(o, "source").orElseThrow(() -> new InvalidRequestException("UserParameters.source", "is required"));
    String target = text(o, "target").orElseThrow(() -> new InvalidRequestException("UserParameters.target", "is required"));
    Duration expires = text(o, "expiresAfter").map(v -> dev.snapfork.config.ConfigView.parseDuration("UserParameters.expiresAfter", v))
        .orElse(Duration.ofHours(24));
    long reserveSeconds = 15;
    if (o.containsKey("reserveSeconds")) {
      JsonNode n = o.get("reserveSeconds");
      if (!n.isNumber() || Double.parseDouble(n.asNumber()) < 1) {
        throw new InvalidRequestException("UserParameters.reserveSeconds", "must be a number of seconds, at least 1");
      }
      reserveSeconds = (long) Double.parseDouble(n.asNumber());
    }
    Map<String, String> config = new LinkedHashMap<>();
    if (o.containsKey("config")) {
      JsonNode c = o.get("config");
      if (!c.isObject()) {
        throw new InvalidRequestException("UserParameters.config", "must be an object of snapfork.* keys to strings");
      }
      c.asObject().forEach((k, v) -> {
        if (!v.isString() && !v.isNumber() && !v.isBoolean()) {
          throw new InvalidRequestException("UserParameters.config." + k, "must be a string, number or boolean");
        }
        config.put(k, v.isString() ? v.asString() : v.isNumber() ? v.asNumber() : String.valueOf(v.asBoolean()));
      });
    }
    Optional<Staging> staging = Optional.empty();
    if (o.containsKey("kubernetes") && !o.get("kubernetes").isNull()) {
      staging = Optional.of(staging(o.get("kubernetes")));
    }
    return new ForkParameters(source, target, expires, Duration.ofSeconds(reserveSeconds), Map.copyOf(config), staging);
  }

  private static Staging staging(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidRequestException("UserParameters.kubernetes", "must be an object");
    }
    Map<String, JsonNode> k = node.asObject();
    JsonNode cmd = k.get("testCommand");
    if (cmd == null || !cmd.isArray() || cmd.asArray().isEmpty() || !cmd.asArray().stream().allMatch(JsonNode::isString)) {
      throw new InvalidRequestException("UserParameters.kubernetes.testCommand", "must be a non-empty array of strings");
    }
    return new Staging(
        text(k, "namespace").orElseThrow(() -> new InvalidRequestException("UserParameters.kubernetes.namespace", "is required")),
        text(k, "testImage").orElseThrow(() -> new InvalidRequestException("UserParameters.kubernetes.testImage", "is required")),
        cmd.asArray().stream().map(JsonNode::asString).toList(),
        text(k, "image").orElse("mongo:7.0"), text(k, "size").orElse("10Gi"), text(k, "cpu").orElse("500m"),
        text(k, "memory").orElse("1Gi"));
  }

  private static Optional<String> text(Map<String, JsonNode> o, String field) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isString() || n.asString().isBlank()) {
      throw new InvalidRequestException("UserParameters." + field, "must be a non-empty string");
    }
    return Optional.of(n.asString());
  }
}

package dev.snapfork.csi;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD + expectations dispatcher, plus what a real kube-apiserver does that the plain
 * mock does not. Each rule cites {@code shared/reference/csi-snapshot.md}, section "What a real
 * kube-apiserver does that a mock server may not (observed 2026-12-04, v1.26.1 + etcd)":
 *
 * <ul>
 *   <li>"Label values are validated ({@code (([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?}, at most
 *       63 characters): {@code 2026-12-04T10:00:00Z} gets 422": a create or update whose
 *       {@code metadata.labels} break the rule is answered 422 {@code Invalid}, with the cause's
 *       field {@code metadata.labels}, and nothing is stored.
 *   <li>Lists honour {@code limit} and hand out a {@code continue} token (the plain mock ignores
 *       limit). "List continue tokens ... expire after etcd compaction: HTTP 410 (Expired)": after
 *       {@link #compact()} every token handed out before is answered 410 {@code Expired}. Every
 *       token answered 410 is counted in {@link #expiredTokensSent()}.
 * </ul>
 *
 * <p>Finalizers need no rule here: the CRUD dispatcher already marks an object with finalizers
 * as deleting ({@code metadata.deletionTimestamp}) instead of removing it, and removes it once an
 * update clears the finalizers, as the real API server does.
 */
final class ApiServerRules extends KubernetesMixedDispatcher {
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final AtomicInteger epoch = new AtomicInteger();
  private final AtomicBoolean compactAfterNextPage = new AtomicBoolean();
  private final Map<String, AtomicInteger> expiredSent = new ConcurrentHashMap<>();

  ApiServerRules(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  /** Expires every continue token handed out so far, as an etcd compaction does. */
  void compact() {
    epoch.incrementAndGet();
  }

  /** Compacts right after the next page with a continue token is answered (its token is dead on arrival). */
  void compactAfterNextPage() {
    compactAfterNextPage.set(true);
  }

  /** How often each expired token was sent (and answered 410). */
  Map<String, Integer> expiredTokensSent() {
    Map<String, Integer> out = new LinkedHashMap<>();
    expiredSent.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    if ("POST".equals(method) || "PUT".equals(method)) {
      MockResponse invalid = invalidLabels(request);
      if (invalid != null) {
        return invalid;
      }
    }
    if ("GET".equals(method)) {
      Map<String, String> query = query(request.getPath());
      if (!"true".equals(query.get("watch")) && query.containsKey("limit")) {
        return paged(request, query);
      }
    }
    return super.dispatch(request);
  }

  @SuppressWarnings("unchecked")
  private MockResponse invalidLabels(RecordedRequest request) {
    Map<String, Object> body;
    try {
      body = JSON.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8), Map.class);
    } catch (RuntimeException e) {
      return null;
    }
    Object meta = body == null ? null : body.get("metadata");
    Object labels = meta instanceof Map<?, ?> m ? m.get("labels") : null;
    if (!(labels instanceof Map<?, ?> labelMap)) {
      return null;
    }
    for (Map.Entry<?, ?> e : labelMap.entrySet()) {
      String v = String.valueOf(e.getValue());
      if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
        String kind = String.valueOf(body.getOrDefault("kind", "Object"));
        String name = String.valueOf(((Map<String, Object>) meta).getOrDefault("name", ""));
        String why = v.length() > 63 ? "must be no more than 63 characters"
            : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start "
                + "and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
                + "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        String cause = "Invalid value: \"" + v + "\": " + why;
        Map<String, Object> status = status(422, "Invalid", kind + " \"" + name + "\" is invalid: metadata.labels: " + cause);
        status.put("details", Map.of("name", name, "kind", kind,
            "causes", List.of(Map.of("reason", "FieldValueInvalid", "message", cause, "field", "metadata.labels"))));
        return respond(422, status);
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private MockResponse paged(RecordedRequest request, Map<String, String> query) {
    int offset = 0;
    String token = query.get("continue");
    if (token != null && !token.isEmpty()) {
      String[] parts;
      try {
        parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
      } catch (IllegalArgumentException e) {
        return respond(400, status(400, "BadRequest", "continue key is not valid: illegal base64 data"));
      }
      if (parts.length != 2 || Integer.parseInt(parts[0]) != epoch.get()) {
        expiredSent.computeIfAbsent(token, k -> new AtomicInteger()).incrementAndGet();
        return respond(410, status(410, "Expired", "The provided continue parameter is too old to display a consistent list "
            + "result. You can start a new list without the continue parameter, or use the continue token in this response "
            + "to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list "
            + "- objects that were created, modified, or deleted between the time the first chunk was returned and now may "
            + "show up in the list."));
      }
      offset = Integer.parseInt(parts[1]);
    }
    MockResponse full = super.dispatch(request);
    if (full.code() != 200) {
      return full;
    }
    Map<String, Object> list;
    try {
      list = JSON.unmarshal(full.getBody().readUtf8(), Map.class);
    } catch (RuntimeException e) {
      return full;
    }
    if (list == null || !(list.get("items") instanceof List<?> items)) {
      return full;
    }
    int limit = Integer.parseInt(query.get("limit"));
    List<Map<String, Object>> all = new java.util.ArrayList<>();
    for (Object o : items) {
      all.add((Map<String, Object>) o);
    }
    all.sort(java.util.Comparator.comparing((Map<String, Object> n) -> String.valueOf(metaOf(n).get("namespace")))
        .thenComparing(n -> String.valueOf(metaOf(n).get("name"))));
    int end = limit <= 0 ? all.size() : Math.min(all.size(), offset + limit);
    List<Map<String, Object>> page = new java.util.ArrayList<>(all.subList(Math.min(offset, all.size()), end));
    Map<String, Object> out = new LinkedHashMap<>(list);
    out.put("items", page);
    Map<String, Object> meta = new LinkedHashMap<>(list.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
    if (end < all.size()) {
      meta.put("continue", Base64.getUrlEncoder().withoutPadding()
          .encodeToString((epoch.get() + ":" + end).getBytes(StandardCharsets.UTF_8)));
      if (compactAfterNextPage.compareAndSet(true, false)) {
        compact();
      }
    } else {
      meta.remove("continue");
    }
    out.put("metadata", meta);
    return respond(200, out);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metaOf(Map<String, Object> item) {
    return item.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static Map<String, Object> status(int code, String reason, String message) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.put("metadata", Map.of());
    s.put("status", "Failure");
    s.put("message", message);
    s.put("reason", reason);
    s.put("code", code);
    return s;
  }

  private static MockResponse respond(int code, Object body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(JSON.asJson(body));
  }
  private static Map<String, String> query(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}

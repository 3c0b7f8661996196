package dev.snapfork.ebs.fake;

import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.Map;
import java.util.UUID;

/** EC2 Query API XML bodies: responses and the error envelope. */
final class Xml {
  private Xml() {}

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String el(String name, Object value) {
    return value == null ? "" : "<" + name + ">" + esc(String.valueOf(value)) + "</" + name + ">";
  }

  static String tagSet(Map<String, String> tags) {
    StringBuilder b = new StringBuilder("<tagSet>");
    tags.forEach((k, v) -> b.append("<item>").append(el("key", k)).append(el("value", v)).append("</item>"));
    return b.append("</tagSet>").toString();
  }

  static ResponseDefinition ok(String action, String inner) {
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + el("requestId", UUID.randomUUID()) + inner + "</" + action + "Response>";
    return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body).build();
  }

  /** The EC2 error envelope. */
  static String errorBody(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>" + el("Code", code) + el("Message", message)
        + "</Error></Errors>" + el("RequestID", UUID.randomUUID()) + "</Response>";
  }

  static ResponseDefinition error(int status, String code, String message) {
    return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(errorBody(code, message)).build();
  }
}

package dev.snapfork.csi.internal;

import dev.snapfork.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Snapfork's page token over Kubernetes list continuation: the server's {@code continue} token
 * plus how many items of that server page were already returned. The offset is only used when a
 * server ignores {@code limit} (the API allows servers to; fabric8's mock server does), so that
 * pages never exceed the requested size. Encoded as URL-safe base64 of {@code v1|offset|continue}.
 *
 * @param serverContinue the {@code continue} token to send, empty for the first server page
 * @param skip items of that server page already returned
 */
public record PageToken(Optional<String> serverContinue, int skip) {
  private static final String PREFIX = "v1|";

  /** The start of a listing. */
  public static PageToken first() {
    return new PageToken(Optional.empty(), 0);
  }

  /** Decodes a token from a previous page. @throws InvalidRequestException when malformed */
  public static PageToken decode(Optional<String> token) {
    if (token.isEmpty()) {
      return first();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("page.token", "is not a token returned by this provider", e);
    }
    if (!text.startsWith(PREFIX)) {
      throw new InvalidRequestException("page.token", "is not a token returned by this provider");
    }
    String rest = text.substring(PREFIX.length());
    int bar = rest.indexOf('|');
    if (bar < 0) {
      throw new InvalidRequestException("page.token", "is not a token returned by this provider");
    }
    int skip;
    try {
      skip = Integer.parseInt(rest.substring(0, bar));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("page.token", "is not a token returned by this provider", e);
    }
    if (skip < 0) {
      throw new InvalidRequestException("page.token", "is not a token returned by this provider");
    }
    String cont = rest.substring(bar + 1);
    return new PageToken(cont.isEmpty() ? Optional.empty() : Optional.of(cont), skip);
  }

  /** The opaque token handed to callers. */
  public String encode() {
    String text = PREFIX + skip + "|" + serverContinue.orElse("");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

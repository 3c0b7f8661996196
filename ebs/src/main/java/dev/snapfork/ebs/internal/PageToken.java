package dev.snapfork.ebs.internal;

import dev.snapfork.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Snapfork's page token over EC2's: the EC2 {@code NextToken} that fetches a page plus an offset
 * into it. EC2 rejects {@code MaxResults} below 5; pages smaller than that are served by fetching
 * 5 and continuing inside the same EC2 page.
 *
 * @param awsToken the EC2 token that fetches the page (empty for the first page)
 * @param offset how many items of that page were already returned
 */
public record PageToken(Optional<String> awsToken, int offset) {
  private static final String PREFIX = "ebs1.";

  /** The first page. */
  public static final PageToken FIRST = new PageToken(Optional.empty(), 0);

  /** Parses a token from {@link #encode()}. */
  public static PageToken parse(Optional<String> token) {
    if (token.isEmpty()) {
      return FIRST;
    }
    String t = token.get();
    try {
      if (!t.startsWith(PREFIX)) {
        throw new IllegalArgumentException("prefix");
      }
      String body = new String(Base64.getUrlDecoder().decode(t.substring(PREFIX.length())), StandardCharsets.UTF_8);
      int bar = body.indexOf('|');
      int offset = Integer.parseInt(body.substring(0, bar));
      String aws = body.substring(bar + 1);
      if (offset < 0) {
        throw new IllegalArgumentException("offset");
      }
      return new PageToken(aws.isEmpty() ? Optional.empty() : Optional.of(aws), offset);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("page.token", "is not a token this provider returned", e);
    }
  }

  /** The opaque text form. */
  public String encode() {
    String body = offset + "|" + awsToken.orElse("");
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
  }
}

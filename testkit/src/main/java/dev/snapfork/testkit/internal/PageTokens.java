package dev.snapfork.testkit.internal;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.PageRequest;
import java.util.Optional;

/** Page tokens of the in-memory provider: {@code mem:<sequence of the last item returned>}. */
public final class PageTokens {
  private static final String PREFIX = "mem:";

  private PageTokens() {}

  /** The sequence after which the page starts; -1 for the first page. @throws InvalidRequestException for a foreign token */
  public static long after(PageRequest page) {
    if (page.token().isEmpty()) {
      return -1;
    }
    String token = page.token().get();
    if (token.startsWith(PREFIX)) {
      try {
        long seq = Long.parseLong(token.substring(PREFIX.length()));
        if (seq >= 0) {
          return seq;
        }
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw new InvalidRequestException("page.token", "is not a token this provider issued, got '" + token + "'");
  }

  /** The token for the page after the item with sequence {@code seq}. */
  public static Optional<String> next(long seq) {
    return Optional.of(PREFIX + seq);
  }
}

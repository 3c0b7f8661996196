package dev.snapfork.portworx.internal;

import dev.snapfork.InvalidRequestException;
import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages a listing that the server returns whole: items sorted by id, the token is the last id of
 * the previous page (opaque, base64url). Items created or deleted between pages neither repeat nor
 * shift the others.
 */
public final class PageTokens {
  private static final String PREFIX = "px1:";

  private PageTokens() {}

  /**
   * The page of {@code sorted} (ascending by {@code id}) that {@code page} asks for.
   *
   * @throws InvalidRequestException when the token is not one this provider issued
   */
  public static <T> Page<T> page(List<T> sorted, Function<T, String> id, PageRequest page) {
    String after = page.token().map(PageTokens::decode).orElse(null);
    int from = 0;
    if (after != null) {
      while (from < sorted.size() && id.apply(sorted.get(from)).compareTo(after) <= 0) {
        from++;
      }
    }
    int to = Math.min(sorted.size(), from + page.size());
    List<T> items = sorted.subList(from, to);
    Optional<String> next = to < sorted.size() ? Optional.of(encode(id.apply(sorted.get(to - 1)))) : Optional.empty();
    return new Page<>(items, next);
  }

  /**
   * Checks the token before any remote call.
   *
   * @throws InvalidRequestException when the token is not one this provider issued
   */
  public static void check(PageRequest page) {
    page.token().ifPresent(PageTokens::decode);
  }

  static String encode(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String token) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith(PREFIX) && s.length() > PREFIX.length()) {
        return s.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new InvalidRequestException("page.token", "is not a page token issued by the portworx provider");
  }
}

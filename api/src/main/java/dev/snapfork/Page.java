package dev.snapfork;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the items on this page, in the provider's stable order
 * @param nextToken the token for the next page; empty on the last page
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
  public Page {
    items = List.copyOf(items);
    nextToken = nextToken == null ? Optional.empty() : nextToken;
  }

  /** A last page. */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, Optional.empty());
  }
}

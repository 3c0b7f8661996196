package dev.snapfork;

import java.util.Optional;

/**
 * One page of a listing: at most {@code size} items, starting after {@code token} (from the
 * previous {@link Page#nextToken()}; empty for the first page).
 *
 * @param size the most items to return, 1 to {@value #MAX_SIZE}
 * @param token where to continue, as returned by the previous page
 */
public record PageRequest(int size, Optional<String> token) {
  /** The largest page a caller may ask for. */
  public static final int MAX_SIZE = 1000;
  /** The page size used when none is given. */
  public static final int DEFAULT_SIZE = 100;

  /** @throws InvalidRequestException when size is out of range */
  public PageRequest {
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidRequestException("page.size", "must be between 1 and " + MAX_SIZE + ", got " + size);
    }
    token = token == null ? Optional.empty() : token;
  }

  /** The first page of {@code size} items. */
  public static PageRequest first(int size) {
    return new PageRequest(size, Optional.empty());
  }

  /** The first page of {@value #DEFAULT_SIZE} items. */
  public static PageRequest first() {
    return first(DEFAULT_SIZE);
  }

  /** The page after {@code token}, of the same size. */
  public PageRequest next(String nextToken) {
    return new PageRequest(size, Optional.of(nextToken));
  }
}

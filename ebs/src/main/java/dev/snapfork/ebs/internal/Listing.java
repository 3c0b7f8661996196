package dev.snapfork.ebs.internal;

import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Serves Snapfork pages of any size from EC2 pages of at least {@code minAwsPage} (EC2's
 * {@code MaxResults} floor is 5), using {@link PageToken}s that remember the EC2 token and an offset.
 */
public final class Listing {
  private Listing() {}

  /** One EC2 page: items and the next EC2 token. */
  public record AwsPage<T>(List<T> items, Optional<String> nextToken) {}

  /**
   * @param fetch fetches one EC2 page: (EC2 token or null, MaxResults) to the page
   */
  public static <T> Page<T> page(PageRequest request, int minAwsPage, int maxAwsPage,
      BiFunction<String, Integer, AwsPage<T>> fetch) {
    PageToken token = PageToken.parse(request.token());
    int max = Math.min(maxAwsPage, Math.max(minAwsPage, request.size()));
    AwsPage<T> aws = fetch.apply(token.awsToken().orElse(null), max);
    List<T> items = aws.items();
    int from = Math.min(token.offset(), items.size());
    int to = Math.min(items.size(), from + request.size());
    Optional<String> next;
    if (to < items.size()) {
      next = Optional.of(new PageToken(token.awsToken(), to).encode());
    } else if (aws.nextToken().isPresent() && !aws.nextToken().get().isEmpty()) {
      next = Optional.of(new PageToken(aws.nextToken(), 0).encode());
    } else {
      next = Optional.empty();
    }
    return new Page<>(items.subList(from, to), next);
  }
}

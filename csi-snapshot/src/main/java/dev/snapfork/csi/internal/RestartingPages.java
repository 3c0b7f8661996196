package dev.snapfork.csi.internal;

import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream over a paged listing that survives expired {@code continue} tokens: when a page
 * fails with {@link ExpiredListException} (HTTP 410 after etcd compaction), the listing starts
 * again from the first page instead of sending the dead token again, and items already handed out
 * (by id) are skipped, so each item appears once. Gives up after {@value #MAX_RESTARTS} restarts of
 * one stream, rethrowing the (not retryable) exception. Remembers the ids handed out for that.
 */
public final class RestartingPages {
  /** Restarts allowed per stream. */
  public static final int MAX_RESTARTS = 3;

  private RestartingPages() {}

  /**
   * @param fetch fetches one page
   * @param id the identity used to skip items already handed out after a restart
   */
  public static <T> Stream<T> stream(Function<PageRequest, Page<T>> fetch, Function<T, String> id) {
    Iterator<T> it = new Iterator<>() {
      private final Set<String> seen = new HashSet<>();
      private Iterator<T> current = List.<T>of().iterator();
      private PageRequest next = PageRequest.first();
      private boolean done;
      private int restarts;
      private T buffered;

      @Override
      public boolean hasNext() {
        while (buffered == null) {
          if (current.hasNext()) {
            T item = current.next();
            if (seen.add(id.apply(item))) {
              buffered = item;
            }
            continue;
          }
          if (done) {
            return false;
          }
          Page<T> page;
          try {
            page = fetch.apply(next);
          } catch (ExpiredListException e) {
            if (next.token().isEmpty() || restarts >= MAX_RESTARTS) {
              throw e;
            }
            restarts++;
            next = PageRequest.first();
            continue;
          }
          current = page.items().iterator();
          if (page.nextToken().isPresent()) {
            next = next.next(page.nextToken().get());
          } else {
            done = true;
          }
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T item = buffered;
        buffered = null;
        return item;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}

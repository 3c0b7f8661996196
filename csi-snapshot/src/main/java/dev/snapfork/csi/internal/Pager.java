package dev.snapfork.csi.internal;

import dev.snapfork.Page;
import dev.snapfork.PageRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One page of a Kubernetes list with {@code limit}/{@code continue}, filtered client-side where the
 * API has no server-side filter (e.g. a VolumeSnapshot's source PVC). A page may then hold fewer
 * items than asked for, never more.
 */
public final class Pager {
  private Pager() {}

  /**
   * Fetches one page.
   *
   * @param fetch runs the list call with the given options
   * @param keep the client-side filter
   * @param map turns a kept object into the API value
   */
  public static <R extends HasMetadata, T> Page<T> page(
      PageRequest request, Function<ListOptions, KubernetesResourceList<R>> fetch, Predicate<R> keep, Function<R, T> map) {
    PageToken token = PageToken.decode(request.token());
    ListOptions options = new ListOptionsBuilder()
        .withLimit((long) request.size())
        .withContinue(token.serverContinue().orElse(null))
        .build();
    KubernetesResourceList<R> list = fetch.apply(options);
    List<R> items = new ArrayList<>(list.getItems());
    Optional<String> serverNext = Optional.ofNullable(list.getMetadata() == null ? null : list.getMetadata().getContinue())
        .filter(s -> !s.isEmpty());
    List<R> slice;
    Optional<String> next;
    if (items.size() <= request.size() && token.skip() == 0) {
      slice = items;
      next = serverNext.map(c -> new PageToken(Optional.of(c), 0).encode());
    } else {
      // The server ignored limit: page through its answer ourselves, in name order.
      items.sort(Comparator.comparing((R r) -> r.getMetadata().getName()));
      int from = Math.min(token.skip(), items.size());
      int to = Math.min(from + request.size(), items.size());
      slice = items.subList(from, to);
      if (to < items.size()) {
        next = Optional.of(new PageToken(token.serverContinue(), to).encode());
      } else {
        next = serverNext.map(c -> new PageToken(Optional.of(c), 0).encode());
      }
    }
    List<T> out = new ArrayList<>();
    for (R r : slice) {
      if (keep.test(r)) {
        out.add(map.apply(r));
      }
    }
    return new Page<>(out, next);
  }
}

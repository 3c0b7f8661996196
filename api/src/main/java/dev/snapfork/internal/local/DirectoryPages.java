package dev.snapfork.internal.local;

import dev.snapfork.Page;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages over the entries of a directory in name order: only the names are held in memory, the
 * metadata of an entry is read only when it is a candidate for the page.
 */
final class DirectoryPages {
  private DirectoryPages() {}

  static <T> Page<T> paginate(List<String> sortedIds, Optional<String> after, int size,
      Function<String, Optional<T>> load, Function<T, String> idOf) {
    int start = 0;
    if (after.isPresent()) {
      int i = Collections.binarySearch(sortedIds, after.get());
      start = i >= 0 ? i + 1 : -i - 1;
    }
    List<T> items = new ArrayList<>(Math.min(size, 64));
    for (int i = start; i < sortedIds.size(); i++) {
      Optional<T> item = load.apply(sortedIds.get(i));
      if (item.isEmpty()) {
        continue;
      }
      if (items.size() == size) {
        // one more match exists: there is a next page
        return new Page<>(items, Optional.of(idOf.apply(items.get(items.size() - 1))));
      }
      items.add(item.get());
    }
    return Page.last(items);
  }

  /** The visible (non-temporary) entry names of a directory, sorted. */
  static List<String> sortedNames(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String n = p.getFileName().toString();
        if (!n.startsWith(".")) {
          names.add(n);
        }
      }
    } catch (IOException e) {
      throw Io.failure("listing", dir, e);
    }
    Collections.sort(names);
    return names;
  }

}

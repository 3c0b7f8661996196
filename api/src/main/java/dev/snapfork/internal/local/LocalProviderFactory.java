package dev.snapfork.internal.local;

import dev.snapfork.BackendFailureException;
import dev.snapfork.ConfigurationException;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.config.ConfigView;
import dev.snapfork.local.CopyMode;
import dev.snapfork.local.LocalSnapshotProvider;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates the {@code local} provider from {@code snapfork.local.root} (default
 * {@code ~/.snapfork/local}) and {@code snapfork.local.copy-mode} ({@code auto}, {@code reflink}
 * or {@code copy}; default {@code auto}). Not auto-selectable: it is the fallback default.
 */
public final class LocalProviderFactory implements SnapshotProviderFactory {
  static final String ROOT = "root";
  static final String COPY_MODE = "copy-mode";

  @Override
  public String name() {
    return LocalSnapshotProvider.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(ROOT, COPY_MODE);
  }

  @Override
  public boolean autoSelectable() {
    return false;
  }

  @Override
  public SnapshotProvider create(ConfigView config) {
    for (String key : new TreeSet<>(config.keys())) {
      if (!configKeys().contains(key)) {
        throw new ConfigurationException(config.fullKey(key), "unknown key; the local provider reads " + ROOT + " and " + COPY_MODE);
      }
    }
    Path root = config.path(ROOT).orElseGet(() -> Path.of(System.getProperty("user.home"), ".snapfork", "local"));
    CopyMode mode = CopyMode.parse(config.oneOf(COPY_MODE, "auto", "auto", "reflink", "copy"));
    try {
      return LocalSnapshotProvider.open(root, mode);
    } catch (ConfigurationException e) {
      throw e;
    } catch (InvalidRequestException e) {
      String key = "copyMode".equals(e.field()) ? COPY_MODE : ROOT;
      throw new ConfigurationException(config.fullKey(key), e.rule(), e);
    } catch (BackendFailureException e) {
      throw new ConfigurationException(config.fullKey(ROOT), "cannot use " + root + ": " + e.getMessage(), e);
    }
  }
}

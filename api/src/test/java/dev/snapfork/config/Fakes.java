package dev.snapfork.config;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.SnapshotProvider;
import dev.snapfork.spi.ConsistencyHookFactory;
import dev.snapfork.spi.SnapshotProviderFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Fake factories for configuration and discovery tests; nothing touches the real class path. */
public final class Fakes {
  private Fakes() {}

  /** A builder isolated from the real system properties, environment and class path. */
  public static SnapforkConfig.Builder isolated() {
    return SnapforkConfig.builder()
        .systemProperties(Map.of())
        .environment(Map.of())
        .providerFactories(List.of())
        .hookFactories(List.of());
  }

  /** A provider that only knows its name and the configuration it was created with. */
  public interface FakeProvider extends SnapshotProvider {
    ConfigView config();
  }

  /** Makes providers named {@code name} reading {@code keys}; counts how many it created. */
  public static class FakeProviderFactory implements SnapshotProviderFactory {
    private final String name;
    private final boolean auto;
    private final Set<String> keys;
    private final Set<String> secrets;
    public final AtomicInteger created = new AtomicInteger();

    public FakeProviderFactory(String name, boolean auto, Set<String> keys, Set<String> secrets) {
      this.name = name;
      this.auto = auto;
      this.keys = keys;
      this.secrets = secrets;
    }

    public FakeProviderFactory(String name, boolean auto, String... keys) {
      this(name, auto, Set.of(keys), Set.of());
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> configKeys() {
      return keys;
    }

    @Override
    public Set<String> secretKeys() {
      return secrets;
    }

    @Override
    public boolean autoSelectable() {
      return auto;
    }

    @Override
    public SnapshotProvider create(ConfigView config) {
      created.incrementAndGet();
      return (FakeProvider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FakeProvider.class},
          (proxy, method, args) -> switch (method.getName()) {
            case "name" -> name;
            case "config" -> config;
            case "toString" -> "FakeProvider[" + name + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method.getName());
          });
    }
  }

  /** Registered through a generated META-INF/services file in the ServiceLoader test. */
  public static class RegisteredProviderFactory extends FakeProviderFactory {
    public RegisteredProviderFactory() {
      super("registered", true, "endpoint");
    }
  }

  /** A hook that records its name and configuration; quiesce is not used here. */
  public record FakeHook(String name, ConfigView config) implements ConsistencyHook {
    @Override
    public QuiesceHandle quiesce(QuiesceContext context) {
      throw new UnsupportedOperationException("quiesce");
    }
  }

  /** Makes {@link FakeHook}s; counts how many it created. */
  public static class FakeHookFactory implements ConsistencyHookFactory {
    private final String name;
    private final Set<String> keys;
    public final AtomicInteger created = new AtomicInteger();

    public FakeHookFactory(String name, String... keys) {
      this.name = name;
      this.keys = Set.of(keys);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<String> configKeys() {
      return keys;
    }

    @Override
    public Set<String> secretKeys() {
      return Set.of("uri");
    }

    @Override
    public ConsistencyHook create(ConfigView config) {
      created.incrementAndGet();
      return new FakeHook(name, config);
    }
  }
}

package dev.snapfork.postgres.internal;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.ConfigView;
import dev.snapfork.postgres.PostgresHook;
import dev.snapfork.postgres.PostgresMode;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.Set;

/**
 * Creates the {@code postgres} hook from {@code snapfork.hook.postgres.*}: {@code url} (required),
 * {@code user}, {@code password} (secret), {@code mode} ({@code checkpoint} or {@code backup}),
 * {@code lock-wait-timeout} (duration).
 */
public final class PostgresHookFactory implements ConsistencyHookFactory {
  @Override
  public String name() {
    return PostgresHook.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("url", "user", "password", "mode", "lock-wait-timeout");
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("password");
  }

  @Override
  public ConsistencyHook create(ConfigView config) {
    PostgresHook.Builder b = PostgresHook.builder(config.string("url").orElse(null)).urlField(config.fullKey("url"));
    config.string("user").ifPresent(b::user);
    config.secret("password").ifPresent(b::password);
    config.string("mode").ifPresent(m -> b.mode(PostgresMode.parse(config.fullKey("mode"), m)));
    config.duration("lock-wait-timeout").ifPresent(b::lockWaitTimeout);
    return b.build();
  }
}

package dev.snapfork.mysql.internal;

import dev.snapfork.ConsistencyHook;
import dev.snapfork.config.ConfigView;
import dev.snapfork.mysql.MysqlHook;
import dev.snapfork.mysql.MysqlLockMode;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.Set;

/**
 * Creates the {@code mysql} hook from {@code snapfork.hook.mysql.*}: {@code url} (required),
 * {@code user}, {@code password} (secret), {@code mode} ({@code global-read-lock} or
 * {@code backup-lock}), {@code lock-wait-timeout} (duration).
 */
public final class MysqlHookFactory implements ConsistencyHookFactory {
  @Override
  public String name() {
    return MysqlHook.NAME;
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
    MysqlHook.Builder b = MysqlHook.builder(config.string("url").orElse(null)).urlField(config.fullKey("url"));
    config.string("user").ifPresent(b::user);
    config.secret("password").ifPresent(b::password);
    config.string("mode").ifPresent(m -> b.mode(MysqlLockMode.parse(config.fullKey("mode"), m)));
    config.duration("lock-wait-timeout").ifPresent(b::lockWaitTimeout);
    return b.build();
  }
}

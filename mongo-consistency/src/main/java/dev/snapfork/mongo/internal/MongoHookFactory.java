package dev.snapfork.mongo.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.ConfigView;
import dev.snapfork.mongo.MemberPreference;
import dev.snapfork.mongo.MongoConsistencyHook;
import dev.snapfork.mongo.MongoHookSettings;
import dev.snapfork.spi.ConsistencyHookFactory;
import java.util.Locale;
import java.util.Set;

/** Creates the {@code mongo} hook from {@code snapfork.hook.mongo.*}. */
public final class MongoHookFactory implements ConsistencyHookFactory {
  public static final String CONNECTION_STRING = "connection-string";
  public static final String MEMBER = "member";
  public static final String MEMBER_PREFERENCE = "member-preference";
  public static final String JOIN_EXISTING_LOCK = "join-existing-lock";
  public static final String ACQUISITION_TIMEOUT = "acquisition-timeout";
  public static final String CONNECT_TIMEOUT = "connect-timeout";
  public static final String RELEASE_TIMEOUT = "release-timeout";
  public static final String RETRY_DELAY = "retry-delay";
  public static final String LEDGER_DIR = "ledger-dir";
  public static final String SESSION_IDLE_TIMEOUT = "session-idle-timeout";
  public static final String FREEZE_CHECK_TIMEOUT = "freeze-check-timeout";

  @Override
  public String name() {
    return MongoConsistencyHook.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of(CONNECTION_STRING, MEMBER, MEMBER_PREFERENCE, JOIN_EXISTING_LOCK, ACQUISITION_TIMEOUT, CONNECT_TIMEOUT, RELEASE_TIMEOUT,
        RETRY_DELAY, LEDGER_DIR, SESSION_IDLE_TIMEOUT, FREEZE_CHECK_TIMEOUT);
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of(CONNECTION_STRING);
  }

  /** @throws ConfigurationException naming the full key when a value is missing or malformed */
  @Override
  public ConsistencyHook create(ConfigView config) {
    return MongoConsistencyHook.create(settings(config));
  }

  /** Reads the settings; errors name the full key. */
  public static MongoHookSettings settings(ConfigView config) {
    try {
      MongoHookSettings.Builder b = MongoHookSettings.builder(config.secret(CONNECTION_STRING)
          .orElseThrow(() -> new ConfigurationException(config.fullKey(CONNECTION_STRING), "is required")));
      config.string(MEMBER).ifPresent(b::member);
      b.memberPreference(MemberPreference.valueOf(config.oneOf(MEMBER_PREFERENCE, "connection_string", "connection_string", "secondary", "hidden")
          .toUpperCase(Locale.ROOT)));
      b.joinExistingLock(config.bool(JOIN_EXISTING_LOCK, false));
      b.acquisitionTimeout(config.duration(ACQUISITION_TIMEOUT, MongoHookSettings.DEFAULT_ACQUISITION_TIMEOUT));
      b.connectTimeout(config.duration(CONNECT_TIMEOUT, MongoHookSettings.DEFAULT_CONNECT_TIMEOUT));
      b.releaseTimeout(config.duration(RELEASE_TIMEOUT, MongoHookSettings.DEFAULT_RELEASE_TIMEOUT));
      b.retryDelay(config.duration(RETRY_DELAY, MongoHookSettings.DEFAULT_RETRY_DELAY));
      b.freezeCheckTimeout(config.duration(FREEZE_CHECK_TIMEOUT, MongoHookSettings.DEFAULT_FREEZE_CHECK_TIMEOUT));
      config.path(LEDGER_DIR).ifPresent(b::ledgerDir);
      // zero is allowed here (close the client after every release), unlike the other durations
      boolean zero = config.string(SESSION_IDLE_TIMEOUT).map(v -> v.trim().matches("0+(ms|s|m|h|d)?")).orElse(false);
      b.sessionIdleTimeout(zero ? java.time.Duration.ZERO
          : config.duration(SESSION_IDLE_TIMEOUT, MongoHookSettings.DEFAULT_SESSION_IDLE_TIMEOUT));
      return b.build();
    } catch (ConfigurationException e) {
      throw e;
    } catch (InvalidRequestException e) {
      throw new ConfigurationException(config.fullKey(e.field()), e.rule());
    }
  }
}

package dev.snapfork.config;

import java.util.Map;
import java.util.Set;

/**
 * The core configuration keys (those directly under {@code snapfork.}, owned by the SDK rather than
 * by a provider or hook) and their defaults. This class is the one place that lists them: a key
 * added to {@link #ALL} is accepted by {@link SnapforkConfig} from every source (code, system
 * properties, environment, file) and shown by {@link SnapforkConfig#describe()}.
 *
 * <p>Provider keys are {@code snapfork.<provider>.<key>} and hook keys
 * {@code snapfork.hook.<hook>.<key>}; their names come from the factories' {@code configKeys()}.
 */
public final class CoreKeys {
  /** The prefix of every Snapfork key. */
  public static final String PREFIX = "snapfork.";
  /** The prefix of hook keys: {@code snapfork.hook.<hook>.<key>}. */
  public static final String HOOK_PREFIX = "snapfork.hook.";

  /** The provider to use, e.g. {@code ebs}; when unset, discovery picks one. */
  public static final String PROVIDER = "snapfork.provider";
  /** The consistency hooks to run, in order, as a comma-separated list, e.g. {@code mongo}. */
  public static final String HOOKS = "snapfork.hooks";
  /** The longest write freeze (a duration, e.g. {@code 10s}); hooks are released after it. */
  public static final String MAX_FREEZE = "snapfork.max-freeze";
  /** The configuration file (.properties, .yaml or .yml). */
  public static final String CONFIG_FILE = "snapfork.config-file";
  /** How long to wait for a snapshot to become ready (a duration, e.g. {@code 30m}). */
  public static final String READY_TIMEOUT = "snapfork.ready-timeout";
  /** Whether a snapshot cut after its freeze was lifted is kept as crash-consistent (boolean). */
  public static final String KEEP_CRASH_CONSISTENT = "snapfork.keep-crash-consistent";
  /** How long one hook's quiesce may take (a duration). */
  public static final String QUIESCE_TIMEOUT = "snapfork.quiesce-timeout";
  /** How long the cut of all volumes may take before the call fails and late cuts are deleted. */
  public static final String CUT_TIMEOUT = "snapfork.cut-timeout";

  /** Every core key (full names). Add new core keys here. */
  public static final Set<String> ALL =
      Set.of(PROVIDER, HOOKS, MAX_FREEZE, CONFIG_FILE, READY_TIMEOUT, KEEP_CRASH_CONSISTENT, QUIESCE_TIMEOUT, CUT_TIMEOUT);

  /**
   * The lowest-precedence values of core keys (full names), shown with source
   * {@link ConfigSource#DEFAULT}. Consumers read these through {@link SnapforkConfig#core()}.
   */
  public static final Map<String, String> DEFAULTS =
      Map.of(MAX_FREEZE, "10s", READY_TIMEOUT, "30m", KEEP_CRASH_CONSISTENT, "false", QUIESCE_TIMEOUT, "30s", CUT_TIMEOUT, "2m");

  private CoreKeys() {}
}

package dev.snapfork.csi.internal.exec;

import dev.snapfork.ConfigurationException;
import dev.snapfork.ConsistencyHook;
import dev.snapfork.InvalidRequestException;
import dev.snapfork.config.ConfigView;
import dev.snapfork.csi.KubernetesExecHook;
import dev.snapfork.spi.ConsistencyHookFactory;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code kubernetes-exec} hook from {@code snapfork.hook.kubernetes-exec.*}. Commands
 * are run through {@code shell} (default {@code /bin/sh -c}); set {@code shell=none} to run the
 * command's whitespace-separated words directly.
 */
public final class KubernetesExecHookFactory implements ConsistencyHookFactory {
  @Override
  public String name() {
    return KubernetesExecHook.NAME;
  }

  @Override
  public Set<String> configKeys() {
    return Set.of("namespace", "pod", "selector", "container", "quiesce-command", "release-command", "shell", "timeout", "context");
  }

  @Override
  public ConsistencyHook create(ConfigView config) {
    try {
      Config k8s = Config.autoConfigure(config.string("context").orElse(null));
      KubernetesExecHook.Builder b = KubernetesExecHook.builder()
          .ownedClient(new KubernetesClientBuilder().withConfig(k8s).build())
          .timeout(config.duration("timeout", Duration.ofSeconds(30)))
          .quiesceCommand(argv(config, "quiesce-command"))
          .releaseCommand(argv(config, "release-command"));
      config.string("namespace").ifPresent(b::namespace);
      config.string("pod").ifPresent(b::pod);
      config.string("container").ifPresent(b::container);
      b.selector(selector(config));
      return b.build();
    } catch (InvalidRequestException e) {
      throw new ConfigurationException(config.prefix() + e.field(), e.rule(), e);
    }
  }

  private static List<String> argv(ConfigView config, String key) {
    String command = config.requireString(key);
    String shell = config.string("shell", "/bin/sh -c");
    if (shell.equalsIgnoreCase("none")) {
      return List.of(command.trim().split("\\s+"));
    }
    List<String> argv = new ArrayList<>(List.of(shell.trim().split("\\s+")));
    argv.add(command);
    return argv;
  }

  /** {@code app=mongo,role=primary}. */
  private static Map<String, String> selector(ConfigView config) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String part : config.list("selector")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException(config.fullKey("selector"), "must be key=value pairs separated by commas, got '" + part + "'");
      }
      labels.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return labels;
  }
}

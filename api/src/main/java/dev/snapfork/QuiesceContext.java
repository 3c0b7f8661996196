package dev.snapfork;

import dev.snapfork.spi.Checks;
import java.time.Duration;
import java.util.List;

/**
 * What a hook is told when asked to quiesce.
 *
 * @param requestId the orchestration's request id (for logs and lock ownership markers)
 * @param volumes the volumes about to be cut
 * @param timeout how long quiesce may take at most
 */
public record QuiesceContext(String requestId, List<VolumeRef> volumes, Duration timeout) {
  public QuiesceContext {
    Checks.notBlank("requestId", requestId);
    volumes = List.copyOf(volumes);
    Checks.positive("timeout", timeout);
  }
}

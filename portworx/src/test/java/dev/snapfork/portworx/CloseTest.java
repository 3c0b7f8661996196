package dev.snapfork.portworx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.SnapshotException;
import dev.snapfork.portworx.fake.InProcessOsd;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close() ends calls in flight within its bound; later calls fail typed. */
class CloseTest {

  @Test
  void closeCancelsAHangingCallAndLaterCallsFailTyped() throws Exception {
    try (InProcessOsd osd = new InProcessOsd()) {
      PortworxSnapshotProvider p = osd.provider(InProcessOsd.testOptions()
          .callTimeout(Duration.ofMinutes(5)).maxAttempts(1).closeTimeout(Duration.ofMillis(100)).build());
      osd.osd().faults().stall(1, "Inspect");
      CompletableFuture<Object> inFlight = CompletableFuture.supplyAsync(() -> p.get("4242"));
      while (osd.osd().faults().calls("Inspect") == 0) {
        Thread.onSpinWait();
      }
      p.close();
      p.close();
      assertThatExceptionOfType(ExecutionException.class)
          .isThrownBy(() -> inFlight.get(30, TimeUnit.SECONDS))
          .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SnapshotException.class));
      assertThatExceptionOfType(SnapshotException.class).isThrownBy(() -> p.get("4242"));
    }
  }
}

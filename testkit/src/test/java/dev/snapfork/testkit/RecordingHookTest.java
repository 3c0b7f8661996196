package dev.snapfork.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.snapfork.ConsistencyException;
import dev.snapfork.QuiesceContext;
import dev.snapfork.QuiesceHandle;
import dev.snapfork.VolumeRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RecordingHook} records, counts and misbehaves on request. */
class RecordingHookTest {
  private static final QuiesceContext CONTEXT = new QuiesceContext("req-1", List.of(VolumeRef.of("v1")), Duration.ofSeconds(5));
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
  }

  @Test
  void recordsQuiesceAndReleaseInOrder() {
    RecordingHook hook = new RecordingHook("db");
    QuiesceHandle h = hook.quiesce(CONTEXT);
    h.release();
    assertThat(hook.events()).extracting(RecordingHook.Event::kind)
        .containsExactly(RecordingHook.Kind.QUIESCE_STARTED, RecordingHook.Kind.QUIESCED, RecordingHook.Kind.RELEASED);
    List<RecordingHook.Event> events = hook.events();
    assertThat(events.get(2).nanoTime()).isGreaterThanOrEqualTo(events.get(1).nanoTime());
    assertThat(hook.handles().get(0).context()).isEqualTo(CONTEXT);
    assertThat(hook.allReleasedExactlyOnce()).isTrue();
  }

  @Test
  void countsReleasesPerHandle() {
    RecordingHook hook = new RecordingHook("db");
    QuiesceHandle first = hook.quiesce(CONTEXT);
    hook.quiesce(CONTEXT);
    first.release();
    first.release();
    assertThat(hook.handles()).extracting(RecordingHook.Handle::releaseCount).containsExactly(2, 0);
    assertThat(hook.releaseCount()).isEqualTo(2);
    assertThat(hook.quiesceCount()).isEqualTo(2);
    assertThat(hook.allReleasedExactlyOnce()).isFalse();
  }

  @Test
  void failsOnQuiesceWithoutAHandle() {
    ConsistencyException boom = new ConsistencyException("cannot lock", null);
    RecordingHook hook = new RecordingHook("db").failOnQuiesce(boom);
    assertThatExceptionOfType(ConsistencyException.class).isThrownBy(() -> hook.quiesce(CONTEXT)).isSameAs(boom);
    assertThat(hook.handles()).isEmpty();
    assertThat(hook.events()).extracting(RecordingHook.Event::kind).endsWith(RecordingHook.Kind.QUIESCE_FAILED);
  }

  @Test
  void aFailingReleaseIsStillCounted() {
    RecordingHook hook = new RecordingHook("db").failOnRelease(new ConsistencyException("unlock failed", null));
    QuiesceHandle h = hook.quiesce(CONTEXT);
    assertThatExceptionOfType(ConsistencyException.class).isThrownBy(h::release);
    assertThat(hook.allReleasedExactlyOnce()).isTrue();
  }

  @Test
  void reportsFreezeLostAndLabels() {
    RecordingHook hook = new RecordingHook("db").reportFreezeLost("session died").snapshotLabels(Map.of("k", "v"));
    QuiesceHandle h = hook.quiesce(CONTEXT);
    assertThat(h.freezeLost()).contains("session died");
    assertThat(h.snapshotLabels()).containsEntry("k", "v");
    assertThat(new RecordingHook("other").quiesce(CONTEXT).freezeLost()).isEmpty();
  }

  @Test
  void blocksOnQuiesceUntilUnblocked() throws Exception {
    RecordingHook hook = new RecordingHook("db").blockOnQuiesce();
    Future<QuiesceHandle> call = threads.submit(() -> hook.quiesce(CONTEXT));
    assertThat(hook.awaitBlocked(Duration.ofSeconds(30))).isTrue();
    assertThat(call).isNotDone();
    hook.unblockQuiesce();
    assertThat(call.get(30, TimeUnit.SECONDS)).isNotNull();
    assertThat(hook.handles()).hasSize(1);
  }

  @Test
  void aBlockedQuiesceRespondsToInterrupt() throws Exception {
    RecordingHook hook = new RecordingHook("db").blockOnQuiesce();
    Future<QuiesceHandle> call = threads.submit(() -> hook.quiesce(CONTEXT));
    assertThat(hook.awaitBlocked(Duration.ofSeconds(30))).isTrue();
    threads.shutdownNow();
    assertThatExceptionOfType(ExecutionException.class)
        .isThrownBy(() -> call.get(30, TimeUnit.SECONDS))
        .withCauseInstanceOf(ConsistencyException.class);
    assertThat(hook.handles()).isEmpty();
  }

  @Test
  void aSharedJournalShowsOrderAcrossHooks() {
    RecordingHook.Journal journal = new RecordingHook.Journal();
    RecordingHook a = new RecordingHook("a", journal);
    RecordingHook b = new RecordingHook("b", journal);
    QuiesceHandle ha = a.quiesce(CONTEXT);
    QuiesceHandle hb = b.quiesce(CONTEXT);
    hb.release();
    ha.release();
    assertThat(journal.events(RecordingHook.Kind.RELEASED)).extracting(RecordingHook.Event::hook).containsExactly("b", "a");
  }
}

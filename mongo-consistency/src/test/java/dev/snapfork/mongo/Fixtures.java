package dev.snapfork.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.snapfork.config.Secret;
import dev.snapfork.mongo.server.FsyncBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.bson.Document;

/** Shared helpers: short timeouts, an application client, polling without wall-clock asserts. */
final class Fixtures {
  private Fixtures() {}

  static MongoHookSettings.Builder settings(String uri, Path ledger) {
    return MongoHookSettings.builder(Secret.of(uri))
        .connectTimeout(Duration.ofMillis(1500))
        .acquisitionTimeout(Duration.ofSeconds(5))
        .releaseTimeout(Duration.ofSeconds(5))
        .retryDelay(Duration.ofMillis(20))
        .ledgerDir(ledger);
  }

  /** A client of the application (its own pool), as a real app would have. */
  static MongoClient appClient(String uri) {
    return MongoClients.create(uri);
  }

  /** Starts an insert in the background; it completes only when the server takes writes. */
  static CompletableFuture<Void> writeAsync(MongoClient app, String id) {
    return CompletableFuture.runAsync(() -> app.getDatabase("app").getCollection("c").insertOne(new Document("_id", id)));
  }

  static boolean stored(MongoClient app, String id) {
    return app.getDatabase("app").getCollection("c").countDocuments(new Document("_id", id)) == 1;
  }

  /** Polls until true (or fails after a generous bound; never asserts on elapsed time). */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until {@code backend} holds a write, so the write was issued during the freeze. */
  static void awaitHeld(FsyncBackend backend) {
    await("a write is held by the lock", () -> backend.writesWaiting() > 0);
    assertThat(backend.lockCount()).isPositive();
  }

  static final class Recorder implements MongoLockListener {
    final List<MongoLockEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(MongoLockEvent event) {
      events.add(event);
    }

    List<MongoLockEvent.Type> types() {
      return events.stream().map(MongoLockEvent::type).toList();
    }
  }
}

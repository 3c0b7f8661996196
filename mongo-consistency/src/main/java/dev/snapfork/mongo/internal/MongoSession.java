package dev.snapfork.mongo.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterConnectionMode;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;

/**
 * The hook's own client: one direct connection to one member (never the application's pool),
 * used only for admin commands, never for writes. Counts the connections it opened so a dropped
 * lock connection can be told.
 */
public final class MongoSession implements AutoCloseable {
  /** The shortest time between two checks of the server by the driver's monitor (after an error). */
  static final long REDISCOVERY_MILLIS = 10;

  private final String member;
  private final MongoClient client;
  private final Duration readTimeout;
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  private MongoSession(String member, MongoClient client, Duration readTimeout) {
    this.member = member;
    this.client = client;
    this.readTimeout = readTimeout;
  }

  /**
   * Opens a client directly connected to {@code member} ({@code host:port}), keeping the
   * credentials and TLS options of {@code cs}. Connects lazily: the first command does.
   */
  public static MongoSession direct(ConnectionString cs, String member, Duration connectTimeout, Duration readTimeout) {
    MongoSession[] self = new MongoSession[1];
    ConnectionPoolListener counter = new ConnectionPoolListener() {
      @Override
      public void connectionCreated(ConnectionCreatedEvent event) {
        self[0].opened.incrementAndGet();
      }

      @Override
      public void connectionClosed(ConnectionClosedEvent event) {
        self[0].closed.incrementAndGet();
      }
    };
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(cs)
        .applicationName("snapfork-mongo-hook")
        .applyToClusterSettings(b -> b.hosts(List.of(new ServerAddress(member))).mode(ClusterConnectionMode.SINGLE)
            .serverSelectionTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), TimeUnit.MILLISECONDS)
            .readTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()), TimeUnit.MILLISECONDS))
        .applyToConnectionPoolSettings(b -> b.maxSize(1).minSize(0).maxWaitTime(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .addConnectionPoolListener(counter))
        // After a dropped connection the driver marks the server unknown and every command waits
        // for its monitor to check it again; the driver spaces such checks by minHeartbeatFrequency
        // (default 500 ms, measured ~0.95 s from the drop to the confirmation inside the freeze),
        // so rediscovery is allowed at once here: it only happens after an error.
        .applyToServerSettings(b -> b.heartbeatFrequency(Math.max(500, connectTimeout.toMillis()), TimeUnit.MILLISECONDS)
            .minHeartbeatFrequency(REDISCOVERY_MILLIS, TimeUnit.MILLISECONDS))
        .retryReads(false)
        .retryWrites(false)
        .build();
    MongoSession s = new MongoSession(member, MongoClients.create(settings), readTimeout);
    self[0] = s;
    return s;
  }

  /** Opens a client on the connection string as given (for discovering members). */
  public static MongoSession seeds(ConnectionString cs, Duration connectTimeout) {
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(cs)
        .applicationName("snapfork-mongo-hook")
        .applyToClusterSettings(b -> b.serverSelectionTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()), TimeUnit.MILLISECONDS))
        .applyToConnectionPoolSettings(b -> b.maxSize(1))
        .build();
    return new MongoSession(String.join(",", cs.getHosts()), MongoClients.create(settings), Duration.ZERO);
  }

  /** The member this session talks to. */
  public String member() {
    return member;
  }

  /** The socket read timeout this session was opened with (zero: the driver's default). */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** Runs an admin command; driver errors propagate untranslated (callers translate). */
  public Document admin(Document command) {
    return client.getDatabase("admin").runCommand(command, ReadPreference.primaryPreferred());
  }

  /**
   * Runs an admin command that may take at most {@code bound} in all: finding the server again,
   * opening a connection, sending and reading the reply (the driver's operation timeout,
   * {@code MongoDatabase.withTimeout}, which also sends it as {@code maxTimeMS}). When the bound
   * runs out the driver throws {@link com.mongodb.MongoOperationTimeoutException}; the command
   * may have run on the server.
   */
  public Document admin(Document command, Duration bound) {
    long millis = Math.max(1, bound.toMillis());
    return client.getDatabase("admin").withTimeout(millis, TimeUnit.MILLISECONDS).runCommand(command, ReadPreference.primaryPreferred());
  }

  /** Connections this session's pool has closed so far (a dropped lock connection shows here). */
  public int connectionsClosed() {
    return closed.get();
  }

  /** Connections opened so far. */
  public int connectionsOpened() {
    return opened.get();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "MongoSession{" + member + "}";
  }
}

package dev.snapfork.mongo.server;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * mongo-java-server's memory backend plus MongoDB's write freeze with the real lock-count
 * semantics: {@code fsync {lock: true}} increments the count and holds writes, {@code fsyncUnlock}
 * decrements it (IllegalOperation, code 20, when not locked) and lets writes go at 0,
 * {@code currentOp} reports {@code fsyncLock: true} while locked. It can pose as a replica-set
 * member or as a mongos (per-shard {@code raw} replies, no {@code fsyncLock} in currentOp), reject
 * authentication, and inject faults per command.
 */
public final class FsyncBackend extends MemoryBackend {
  /** What a mongod or mongos it poses as. */
  public enum Mode { STANDALONE, REPLICA_MEMBER, MONGOS }

  /** A fault injected into the next call of a command. */
  public enum Fault {
    /** Close the connection without running the command (the client sees a lost reply). */
    DROP_BEFORE,
    /** Run the command, then close the connection before replying. */
    DROP_AFTER,
    /** Answer with a transient error (InterruptedDueToReplStateChange, 11602) without running it. */
    TRANSIENT_ERROR,
    /** Answer with MaxTimeMSExpired (50) without running it, as a lock acquisition timeout does. */
    MAX_TIME_EXPIRED
  }

  private final WriteGate gate = new WriteGate();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final List<String> shards = List.of("shard0", "shard1");
  private volatile Mode mode = Mode.STANDALONE;
  private volatile String version = "7.0.14";
  private volatile boolean rejectAuth;
  private volatile Document replicaSetExtras = new Document();
  private volatile List<Document> replicaMembers = List.of();
  private final Map<Channel, String> appNames = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> commandsByApp = new java.util.concurrent.CopyOnWriteArrayList<>();
  private int lockCount;
  private Channel lockChannel;
  private long unlockCommands;

  public FsyncBackend mode(Mode m) {
    this.mode = m;
    return this;
  }

  public FsyncBackend version(String v) {
    this.version = v;
    return this;
  }

  public FsyncBackend rejectAuth(boolean reject) {
    this.rejectAuth = reject;
    return this;
  }

  /** Replica-set shape: extra {@code hello} fields and the {@code replSetGetConfig} members. */
  public FsyncBackend replicaSet(Document helloExtras, List<Document> members) {
    this.mode = Mode.REPLICA_MEMBER;
    this.replicaSetExtras = helloExtras;
    this.replicaMembers = List.copyOf(members);
    return this;
  }

  /** Injects {@code fault} into the next {@code times} calls of {@code command}. */
  public synchronized FsyncBackend fault(String command, Fault fault, int times) {
    Deque<Fault> q = faults.computeIfAbsent(command.toLowerCase(java.util.Locale.ROOT), k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.add(fault);
    }
    return this;
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  public synchronized int lockCount() {
    return lockCount;
  }

  /** Locks as another client would (not through the wire), for "already locked" cases. */
  public synchronized void lockByOther() {
    lockCount++;
    gate.lock();
  }

  /** Unlocks as another client would. */
  public void unlockByOther() {
    boolean open;
    synchronized (this) {
      if (lockCount == 0) {
        return;
      }
      lockCount--;
      open = lockCount == 0;
    }
    if (open) {
      gate.open();
    }
  }

  /**
   * Stops answering (or answers again): every request on a connection that already sent one is
   * read and never answered, the lock state is kept. See {@code WriteGate#unresponsive}.
   */
  public FsyncBackend unresponsive(boolean on) {
    gate.unresponsive(on);
    return this;
  }

  /** Requests left unanswered while unresponsive. */
  public long unanswered() {
    return gate.swallowed();
  }

  /** Closes the connection the last lock came through. */
  public synchronized void dropLockConnection() {
    if (lockChannel != null) {
      lockChannel.close().syncUninterruptibly();
    }
  }

  /** Writes waiting for the unlock right now. */
  public int writesWaiting() {
    return gate.waiting();
  }

  /** Writes that had to wait for an unlock since start. */
  public long writesHeld() {
    return gate.heldTotal();
  }

  /** Successful fsyncUnlock commands received over the wire. */
  public synchronized long unlockCommands() {
    return unlockCommands;
  }

  @Override
  public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    installGate(channel);
    String cmd = command.toLowerCase(java.util.Locale.ROOT);
    recordClient(channel, cmd, query);
    Fault fault = nextFault(cmd);
    if (fault == Fault.DROP_BEFORE) {
      channel.close();
      return new Document("ok", 1.0);
    }
    if (fault == Fault.TRANSIENT_ERROR) {
      throw new MongoServerError(11602, "InterruptedDueToReplStateChange", "operation was interrupted (injected)");
    }
    if (fault == Fault.MAX_TIME_EXPIRED) {
      throw new MongoServerError(50, "MaxTimeMSExpired", "operation exceeded time limit (injected)");
    }
    Document reply = dispatch(channel, databaseName, command, cmd, query);
    if (fault == Fault.DROP_AFTER) {
      channel.close();
    }
    return reply;
  }

  private Document dispatch(Channel channel, String databaseName, String command, String cmd, Document query) {
    switch (cmd) {
      case "hello", "ismaster" -> {
        // mongo-java-server knows only the legacy name; real servers (4.4.2+) answer both.
        Document r = super.handleCommand(channel, databaseName, "isMaster", query);
        r.put("isWritablePrimary", r.get("ismaster"));
        if (mode == Mode.MONGOS) {
          r.put("msg", "isdbgrid");
        } else if (mode == Mode.REPLICA_MEMBER) {
          r.putAll(replicaSetExtras);
        }
        return r;
      }
      case "buildinfo" -> {
        Document r = super.handleCommand(channel, databaseName, command, query);
        r.put("version", version);
        return r;
      }
      case "saslstart", "saslcontinue", "authenticate" -> {
        if (rejectAuth) {
          throw new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
        }
        throw new MongoServerError(334, "MechanismUnavailable", "no authentication in this test server");
      }
      case "fsync" -> {
        return fsync(channel, query);
      }
      case "fsyncunlock" -> {
        return fsyncUnlock();
      }
      case "currentop" -> {
        Document r = new Document("inprog", new ArrayList<>());
        synchronized (this) {
          if (lockCount > 0 && mode != Mode.MONGOS) {
            r.put("fsyncLock", true);
          }
        }
        r.put("ok", 1.0);
        return r;
      }
      case "replsetgetconfig" -> {
        if (mode != Mode.REPLICA_MEMBER) {
          throw new MongoServerError(76, "NoReplicationEnabled", "not running with --replSet");
        }
        return new Document("config", new Document("_id", "rs0").append("members", replicaMembers)).append("ok", 1.0);
      }
      default -> {
        return super.handleCommand(channel, databaseName, command, query);
      }
    }
  }

  private Document fsync(Channel channel, Document query) {
    if (!Boolean.TRUE.equals(query.get("lock"))) {
      return new Document("numFiles", 1).append("ok", 1.0);
    }
    int count;
    synchronized (this) {
      lockCount++;
      count = lockCount;
      lockChannel = channel;
      gate.lock();
    }
    Document one = new Document("info", "now locked against writes, use db.fsyncUnlock() to unlock")
        .append("lockCount", count).append("seeAlso", "http://dochub.mongodb.org/core/fsynccommand").append("ok", 1.0);
    if (mode != Mode.MONGOS) {
      return one;
    }
    Document raw = new Document();
    for (String s : shards) {
      raw.put(s + "/localhost:0", one.clone());
    }
    return new Document("numFiles", 1).append("all", new Document("raw", raw)).append("ok", 1.0);
  }

  private Document fsyncUnlock() {
    int count;
    boolean open;
    synchronized (this) {
      if (lockCount == 0) {
        throw new MongoServerError(20, "IllegalOperation", "fsyncUnlock called when not locked");
      }
      lockCount--;
      unlockCommands++;
      count = lockCount;
      open = count == 0;
    }
    if (open) {
      gate.open();
    }
    Document one = new Document("info", "fsyncUnlock completed").append("lockCount", count).append("ok", 1.0);
    if (mode != Mode.MONGOS) {
      return one;
    }
    Document raw = new Document();
    for (String s : shards) {
      raw.put(s + "/localhost:0", one.clone());
    }
    return new Document("raw", raw).append("ok", 1.0);
  }

  /** Connections (including the driver's monitor connections) that named themselves {@code app}, ever opened. */
  public long connectionsOf(String app) {
    return appNames.values().stream().filter(app::equals).count();
  }

  /** Commands received as "appName:command", for clients that named themselves in the handshake. */
  public List<String> commandsByApp() {
    return List.copyOf(commandsByApp);
  }

  private void recordClient(Channel channel, String cmd, Document query) {
    if (channel == null) {
      return;
    }
    if ((cmd.equals("hello") || cmd.equals("ismaster")) && query.get("client") instanceof Document client
        && client.get("application") instanceof Document app && app.get("name") instanceof String name) {
      appNames.put(channel, name);
    }
    String app = appNames.get(channel);
    if (app != null) {
      commandsByApp.add(app + ":" + cmd);
    }
  }

  private synchronized Fault nextFault(String cmd) {
    Deque<Fault> q = faults.get(cmd);
    return q == null ? null : q.poll();
  }

  private void installGate(Channel channel) {
    if (channel == null || channel.pipeline().get(WriteGateHandler.class) != null) {
      return;
    }
    ChannelHandlerContext db = channel.pipeline().context(MongoDatabaseHandler.class);
    if (db != null) {
      channel.pipeline().addBefore(db.name(), "snapfork-write-gate", new WriteGateHandler(gate));
    }
  }
}

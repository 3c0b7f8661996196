package dev.snapfork.mongo.server;

import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Holds write commands while the server is fsync-locked, without blocking the Netty event loop:
 * a held message is parked here and re-fired into the pipeline (on its channel's event loop) when
 * the lock count returns to 0. Other connections, the unlock included, keep being served.
 */
final class WriteGate {
  static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create", "drop", "createindexes",
      "dropindexes", "renamecollection", "dropdatabase");

  private record Held(ChannelHandlerContext ctx, MongoMessage msg) {}

  private final List<Held> held = new ArrayList<>();
  private boolean locked;
  private long heldTotal;
  private volatile boolean unresponsive;
  private final java.util.concurrent.atomic.AtomicLong swallowed = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A server that stopped answering (a host gone behind a network partition, a frozen VM, as in
   * issue 15's "MongoDB unreachable at release"): the TCP connection stays open, requests are read
   * and never answered. A real client sees only its read or operation timeout.
   */
  void unresponsive(boolean on) {
    unresponsive = on;
  }

  /** Swallows {@code msg} when the server plays unresponsive. */
  boolean swallow(Object msg) {
    if (!unresponsive) {
      return false;
    }
    swallowed.incrementAndGet();
    return true;
  }

  /** Requests swallowed (never answered) so far. */
  long swallowed() {
    return swallowed.get();
  }

  /** Parks {@code msg} when locked and it is a write (or its channel already has one parked). */
  synchronized boolean holdIfLocked(ChannelHandlerContext ctx, MongoMessage msg) {
    if (!locked) {
      return false;
    }
    String command = msg.getDocument().keySet().iterator().next().toLowerCase(Locale.ROOT);
    boolean sameChannelHeld = held.stream().anyMatch(h -> h.ctx().channel() == ctx.channel());
    if (!WRITES.contains(command) && !sameChannelHeld) {
      return false;
    }
    held.add(new Held(ctx, msg));
    heldTotal++;
    return true;
  }

  synchronized void lock() {
    locked = true;
  }

  /** Opens the gate and re-fires every parked message on its own event loop. */
  void open() {
    List<Held> drained;
    synchronized (this) {
      locked = false;
      drained = new ArrayList<>(held);
      held.clear();
    }
    for (Held h : drained) {
      h.ctx().executor().execute(() -> h.ctx().fireChannelRead(h.msg()));
    }
  }

  /** Writes waiting right now. */
  synchronized int waiting() {
    return held.size();
  }

  /** Writes held since the server started. */
  synchronized long heldTotal() {
    return heldTotal;
  }
}

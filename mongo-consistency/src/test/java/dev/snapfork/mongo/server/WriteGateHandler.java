package dev.snapfork.mongo.server;

import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** The per-connection Netty handler in front of mongo-java-server's database handler. */
final class WriteGateHandler extends ChannelInboundHandlerAdapter {
  private final WriteGate gate;

  WriteGateHandler(WriteGate gate) {
    this.gate = gate;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (gate.swallow(msg)) {
      return;
    }
    if (msg instanceof MongoMessage m && gate.holdIfLocked(ctx, m)) {
      return;
    }
    ctx.fireChannelRead(msg);
  }
}

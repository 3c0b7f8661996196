package dev.snapfork.mongo.server;

import de.bwaldvogel.mongo.MongoServer;
import java.net.InetSocketAddress;

/** A mongo-java-server on loopback with an {@link FsyncBackend}. Close it after the test. */
public final class TestServer implements AutoCloseable {
  private final FsyncBackend backend;
  private final MongoServer server;
  private final InetSocketAddress address;

  public TestServer() {
    this.backend = new FsyncBackend();
    this.server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    this.address = server.getLocalAddress();
  }

  public FsyncBackend backend() {
    return backend;
  }

  /** {@code 127.0.0.1:port}. */
  public String hostAndPort() {
    return "127.0.0.1:" + address.getPort();
  }

  /** {@code mongodb://127.0.0.1:port/}. */
  public String uri() {
    return "mongodb://" + hostAndPort() + "/";
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

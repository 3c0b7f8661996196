package dev.snapfork.portworx.internal;

import dev.snapfork.ConfigurationException;
import dev.snapfork.portworx.PortworxOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Builds the Netty channel to the SDK endpoint: TLS (CA file, optional client certificate, server
 * name override; hostname verification always on) or plaintext, a TCP connect timeout, and no
 * keepalive pings unless configured.
 */
public final class ChannelFactory {
  private ChannelFactory() {}

  /**
   * @throws ConfigurationException naming the key when a TLS file is missing or unusable
   */
  public static ManagedChannel create(PortworxOptions options) {
    String endpoint = options.endpoint()
        .orElseThrow(() -> new ConfigurationException(PortworxOptions.PREFIX + "endpoint", "is required"));
    Endpoints.HostPort hp = Endpoints.parse(endpoint);
    NettyChannelBuilder b = NettyChannelBuilder.forAddress(hp.host(), hp.port())
        .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .maxInboundMessageSize(64 * 1024 * 1024)
        .userAgent("snapfork-portworx");
    if (options.tls()) {
      b.negotiationType(NegotiationType.TLS).sslContext(sslContext(options));
      if (options.serverName().isPresent()) {
        try {
          b.overrideAuthority(options.serverName().get());
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(PortworxOptions.PREFIX + "tls.server-name", "is not a valid host name: " + e.getMessage(), e);
        }
      }
    } else {
      b.usePlaintext();
    }
    options.keepAliveTime().ifPresent(d -> b.keepAliveTime(d.toNanos(), TimeUnit.NANOSECONDS));
    return b.build();
  }

  private static SslContext sslContext(PortworxOptions options) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    options.caFile().ifPresent(ca -> ssl.trustManager(readable("tls.ca-file", ca)));
    if (options.certFile().isPresent()) {
      ssl.keyManager(readable("tls.cert-file", options.certFile().get()), readable("tls.key-file", options.keyFile().orElseThrow()));
    }
    try {
      return ssl.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new ConfigurationException(PortworxOptions.PREFIX + "tls", "cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static File readable(String key, Path path) {
    if (!Files.isReadable(path)) {
      throw new ConfigurationException(PortworxOptions.PREFIX + key, "file " + path + " does not exist or is not readable");
    }
    return path.toFile();
  }
}

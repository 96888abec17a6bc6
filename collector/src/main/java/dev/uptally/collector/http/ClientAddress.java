package dev.uptally.collector.http;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The peer's IP address of a connection, or null when it is not an IP socket. */
final class ClientAddress {

  private ClientAddress() {}

  static InetAddress of(Channel channel) {
    return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }
}

package dev.uptally.agent.transport;

import java.net.InetSocketAddress;

/** Parses {@code host:port} and {@code [v6]:port} proxy settings. */
final class ProxyAddress {

  private ProxyAddress() {}

  static InetSocketAddress parse(String text) {
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("proxy '" + text + "' is not host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("proxy '" + text + "' has no numeric port", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy '" + text + "' port " + port + " is out of range");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}

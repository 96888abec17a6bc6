package dev.uptally.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code host:port}, IPv6 written {@code [::1]:8420}. */
record Listen(String host, int port) {

  private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.%a-zA-Z]+)\\]:(\\d{1,5})");
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+):(\\d{1,5})");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  static Listen parse(String text) {
    Matcher m = IPV6.matcher(text);
    boolean v6 = m.matches();
    if (!v6) {
      m = HOST.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + text + "' is not host:port (e.g. 127.0.0.1:8420, 0.0.0.0:8420, [::1]:8420)");
      }
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65_535) {
      throw new IllegalArgumentException("'" + text + "': port " + port + " is out of range (0..65535)");
    }
    if (v6 && !(m.group(1).contains(":") && literal(m.group(1)))) {
      throw new IllegalArgumentException("'" + text + "': '" + m.group(1) + "' is not an IPv6 address");
    }
    return new Listen(m.group(1), port);
  }

  /** True for {@code localhost}, 127.0.0.0/8 and ::1; never asks DNS. */
  boolean isLoopback() {
    if ("localhost".equalsIgnoreCase(host)) {
      return true;
    }
    if (!host.contains(":") && !IPV4.matcher(host).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean literal(String host) {
    try {
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

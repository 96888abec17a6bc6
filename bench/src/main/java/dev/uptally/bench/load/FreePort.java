package dev.uptally.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a TCP port that was free on 127.0.0.1 a moment ago, for the load scripts. */
public final class FreePort {

  private FreePort() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println(s.getLocalPort());
    }
  }
}

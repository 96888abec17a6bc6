package dev.uptally.collector.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook receiver on loopback that records every request and answers with a status the test sets. */
final class Receiver implements AutoCloseable {

  /** One received request. */
  record Received(String event, String delivery, String signature, String contentType, byte[] body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private volatile long delayMillis;

  Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback receiver", e);
    }
    server.createContext("/hook", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      var h = exchange.getRequestHeaders();
      synchronized (received) {
        received.add(new Received(h.getFirst("X-Uptally-Event"), h.getFirst("X-Uptally-Delivery"),
            h.getFirst("X-Uptally-Signature"), h.getFirst("Content-Type"), body));
      }
      pause();
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
  }

  private void pause() {
    long d = delayMillis;
    if (d > 0) {
      try {
        Thread.sleep(d); // simulates a slow receiver (real I/O), so a child JVM can be killed mid-stream
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  void answer(int code) {
    status.set(code);
  }

  void delayEachAnswer(long millis) {
    delayMillis = millis;
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.uptally.collector.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Handles one routed request. Called on a Netty event loop: it must not block. Work that may block
 * (storage reads, a scrape) goes through {@link #blocking(Executor, Function)}. The returned stage may
 * complete on any thread; it fails with {@link HttpException} for a non-success answer.
 */
@FunctionalInterface
public interface Endpoint {

  CompletionStage<HttpReply> handle(HttpCall call);

  /** An endpoint that answers at once on the event loop (cheap, non-blocking work only). */
  static Endpoint sync(Function<HttpCall, HttpReply> body) {
    return call -> CompletableFuture.completedFuture(body.apply(call));
  }

  /**
   * An endpoint whose work runs on {@code executor}. A full executor rejects the task; the router
   * answers 503.
   */
  static Endpoint blocking(Executor executor, Function<HttpCall, HttpReply> body) {
    return call -> CompletableFuture.supplyAsync(() -> body.apply(call), executor);
  }
}

package dev.uptally.collector.fleet;

import java.util.concurrent.CompletableFuture;

/** Where shards send device updates; the future completes once the update is durable (group commit). */
@FunctionalInterface
public interface UpdateSink {
  CompletableFuture<Void> submit(DeviceUpdate update);
}

package dev.uptally.collector.http;

import dev.uptally.collector.api.ApiHandler;

/**
 * Adds API routes beside the core ones ({@code /api/v1/clients/{id}/report}, contract routes …), through {@link
 * ApiHandler#route} so that they share its bearer-token roles and blocking executor.
 */
@FunctionalInterface
public interface ApiExtension {

  void register(ApiHandler api, Routes.Builder routes);
}

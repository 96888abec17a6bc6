/**
 * Who may see which client's data through the API. A {@link dev.uptally.collector.access.Caller} is the request's
 * "who is asking" (token name, role, the clients it sees); a {@link dev.uptally.collector.access.Scope} is what a
 * route declares about the client of what it addresses (a device, an incident, a client, or lists narrowed by
 * {@code ?client=}); {@link dev.uptally.collector.access.ClientGate} is the one place that decides, before the
 * route's handler runs. Knows nothing of HTTP: it refuses with its own {@link
 * dev.uptally.collector.access.NotVisibleException} (the API answers 404, exactly as for an unknown id) and {@link
 * dev.uptally.collector.access.ScopeRefusedException} (403).
 */
package dev.uptally.collector.access;

/**
 * Wire protocol v1, agent side, on the JDK's {@code HttpURLConnection}: enroll and heartbeats, gzip
 * above 4 KiB, TLS with an optional extra CA (PEM), optional proxy; failures classified in
 * {@link dev.uptally.agent.transport.CollectorException.Kind} so the loop knows whether to re-enroll,
 * back off or honour {@code Retry-After}. With several collector URLs a request moves to the next URL on a
 * connection failure or a {@code 503} and stays on one that answers. Public: {@code CollectorClient},
 * {@code CollectorException}, {@code TrustMaterial}.
 */
package dev.uptally.agent.transport;

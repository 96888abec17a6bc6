/**
 * Clients' public status pages ({@code clients[].statusPage}): what one shows ({@link StatusSnapshot}: availability
 * per class this month and last, machines up and down now as counts, no hostname, device id or note), how it is
 * computed from the monthly report ({@link StatusPages}) at most once per time-to-live whatever the load
 * ({@link TtlMemo}), and its HTML ({@link StatusPageHtml}). The HTTP endpoint lives in {@code http}.
 */
package dev.uptally.collector.status;

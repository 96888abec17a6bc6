/**
 * The client portal's data ({@code GET /api/v1/clients/{id}/summary}): one client's month as its office manager reads
 * it — availability per device class against target with the error budget left, the machines' live state, the patch
 * nights machines were left off, and the monthly reports to download — built from the monthly report
 * ({@link dev.uptally.collector.report.MonthlyReportBuilder}) and the fleet's live view, never computed anew. The page
 * itself is static ({@code web/portal/}); the route is in {@code http}.
 */
package dev.uptally.collector.portal;

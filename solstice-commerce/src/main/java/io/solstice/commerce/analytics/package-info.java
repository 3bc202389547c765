/**
 * Analytics: every order event lands in an embedded DuckDB database ({@code DATA/analytics.duckdb})
 * through the {@code analytics} service, written in batches; {@link
 * io.solstice.commerce.analytics.Analytics} answers sales per tenant and runs read-only admin SQL.
 *
 * <p>Entry points: {@link io.solstice.commerce.analytics.AnalyticsDatabase} (open the file, for
 * writing in the server or read-only in the CLI), {@link
 * io.solstice.commerce.analytics.AnalyticsService} (the pipeline service), {@link
 * io.solstice.commerce.analytics.Analytics} (queries). See {@code docs/analytics.md}.
 */
package io.solstice.commerce.analytics;

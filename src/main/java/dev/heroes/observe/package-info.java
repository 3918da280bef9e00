/**
 * What operators see: the management listener ({@code Management}: health and the Prometheus
 * scrape), the filter that gives each request its id, its metrics and its access line
 * ({@code RequestObserver}, {@code RequestId}, {@code HttpMetrics}, {@code AccessLog}), the log
 * formats and their batched output ({@code LogFormats}, {@code LogOutput}, {@code Logging}), and the
 * drain state ({@code Drain}).
 *
 * <p>May import: {@code config}, {@code model}. Never: {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.observe;

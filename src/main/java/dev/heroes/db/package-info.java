/**
 * The way to the database: the unit of work ({@code Database.read}, {@code write},
 * {@code writeStatement}) over one class of pools per database, the admission in front of each pool
 * and what is known of the database's reachability ({@code Admission}, {@code Reachability}),
 * readiness ({@code HealthProbe}), the pools' meters ({@code DatabaseMetrics}), what a driver's
 * error means ({@code DatabaseErrors}, {@code DatabaseUnavailableException}), and Flyway's
 * migrations ({@code Migrations}). jOOQ's classes of the schema, generated at build time from the
 * PostgreSQL migrations, are in {@code db.schema}.
 *
 * <p>May import: {@code config}, {@code db.sql}, {@code db.schema}, {@code model}. Never:
 * {@code io.helidon.webserver}, {@code io.helidon.http}.
 */
package dev.heroes.db;

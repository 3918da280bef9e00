/**
 * The statement kit: a statement built with jOOQ and rendered once per dialect
 * ({@code SqlTemplate}; once per shape of its optional parts, {@code SqlTemplates}), run as a plain
 * JDBC statement with its values bound through typed {@code SqlParameter}s and its rows read by a
 * {@code RowMapper}; lists of values as a few shapes ({@code InList}, {@code VersionMatch}); and
 * the SQL of tables whose rows carry a version and are deleted logically. Generic: it knows no table.
 *
 * <p>May import: nothing of the service. Never: {@code io.helidon}.
 */
package dev.heroes.db.sql;

/**
 * {@code /teams}: the routes ({@code TeamRoutes}), the boundary records ({@code TeamCreate},
 * {@code TeamUpdate}, {@code TeamPublicWithHeroes}), and the team table's statements
 * ({@code TeamRepository}). It does not import {@code hero}.
 *
 * <p>May import: {@code api}, {@code api.validation}, {@code db}, {@code db.sql}, {@code db.schema},
 * {@code idempotency}, {@code model}, {@code json}.
 */
package dev.heroes.team;

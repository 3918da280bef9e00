/**
 * {@code /heroes}: the routes ({@code HeroRoutes}), the boundary records read from a request
 * ({@code HeroCreate}, {@code HeroUpdate}, {@code HeroFilter}) and written to one
 * ({@code HeroPublicWithTeam}), and the hero table's statements ({@code HeroRepository}), where the
 * hero's rules live. It does not import {@code team}.
 *
 * <p>May import: {@code api}, {@code api.validation}, {@code db}, {@code db.sql}, {@code db.schema},
 * {@code idempotency}, {@code model}, {@code json}.
 */
package dev.heroes.hero;

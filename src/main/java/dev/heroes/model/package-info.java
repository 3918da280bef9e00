/**
 * What the features share, free of HTTP and SQL: the public shapes each nests in the other
 * ({@code HeroPublic}, {@code TeamPublic}), a row with its version and a conditional write's outcome
 * ({@code Versioned}, {@code WriteOutcome}), the resources and their error texts
 * ({@code Resource}), PATCH's absent / {@code null} / value ({@code Patch}), a page
 * ({@code PageRequest}), what {@code If-Match} asks of a version ({@code VersionPrecondition}), who
 * sent a request ({@code Caller}), and what a request asks of a standby's freshness and is told of
 * its write's position in the primary's history ({@code Consistency}, {@code WalPosition}).
 * Repositories take and return these, never a type of {@code api}.
 *
 * <p>May import: {@code json}. Never: {@code io.helidon}, {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.model;

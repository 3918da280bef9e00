/**
 * Who a request's credentials say it is: bearer JWTs verified with nimbus-jose-jwt
 * ({@code TokenVerifier}, with {@code VerifiedTokens} keeping each verified token until it expires),
 * API keys kept as SHA-256 hashes ({@code ApiKeys}), and the two behind one
 * {@code Authenticator}. What a caller may do is its scopes; which scope a route needs is the
 * transport's to say.
 *
 * <p>May import: {@code config}, {@code model}. Never: {@code io.helidon}, {@code org.jooq},
 * {@code java.sql}.
 */
package dev.heroes.auth;

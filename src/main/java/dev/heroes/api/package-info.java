/**
 * What a handler uses to answer: routes with both slash forms and their 404/405 fallbacks
 * ({@code Endpoints}), JSON responses ({@code Json}), FastAPI's {@code {"detail": ...}} errors
 * ({@code HttpError}), a conditional write's answer and {@code ETag} ({@code WriteResponses}), the
 * request's headers, path ids and query read into {@code model} types ({@code IfMatch},
 * {@code PathIds}, {@code QueryParameters}), and a full page's {@code Link} ({@code NextPageLink}).
 *
 * <p>May import: {@code model}, {@code json}. Never: {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.api;

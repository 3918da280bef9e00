/**
 * What a handler uses to answer: routes with both slash forms and their 404/405 fallbacks
 * ({@code Endpoints}), JSON responses ({@code Json}), FastAPI's {@code {"detail": ...}} errors
 * ({@code HttpError}), a conditional write's answer and {@code ETag} ({@code WriteResponses}), the
 * request's headers, path ids and query read into {@code model} types ({@code IfMatch},
 * {@code PathIds}, {@code QueryParameters}), a full page's {@code Link} ({@code NextPageLink}),
 * and the checks {@code Endpoints} puts in front of a route's handler: who may use it
 * ({@code AccessGuard}) and how much ({@code RequestGate}).
 *
 * <p>May import: {@code model}, {@code json}. Never: {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.api;

/**
 * Transport, wired once by the composition root: the limits of a request's line and headers
 * ({@code Limits}), the JSON answers to what Helidon refuses before routing ({@code TransportErrors})
 * and to every exception a handler throws ({@code ErrorResponses}), what is mended around Helidon
 * 4.5 ({@code HelidonWorkarounds}, {@code ChunkedFraming}; each names its upstream issue), the 503
 * of a request cut short by shutdown ({@code ListenerStop}), and a log of malformed requests that
 * cannot flood ({@code ThrottledLog}), and the API's routes behind authentication
 * ({@code AuthenticationGuard}) and a per-client limit ({@code PerClientLimit}, {@code ClientAddresses}). No feature imports it.
 *
 * <p>May import: {@code api}, {@code api.validation}, {@code auth}, {@code config}, {@code db},
 * {@code model}, {@code json}.
 * Never: {@code org.jooq}.
 */
package dev.heroes.http;

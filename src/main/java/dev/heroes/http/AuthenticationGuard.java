package dev.heroes.http;

import dev.heroes.api.AccessGuard;
import dev.heroes.api.Json;
import dev.heroes.auth.Authentication;
import dev.heroes.auth.Authenticator;
import dev.heroes.model.Caller;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The API's routes behind authentication: {@code /heroes...} needs {@code heroes:read} to read and
 * {@code heroes:write} to create, change or delete, {@code /teams...} likewise; the docs stay open.
 * Refusals are FastAPI's ({@code fastapi.security.HTTPBearer} and its tutorial's scopes):
 * <ul>
 *   <li>no credentials, and the anonymous scopes do not cover the route: 401 {@code Not authenticated}
 *   with {@code WWW-Authenticate: Bearer};
 *   <li>credentials that prove nothing: 401 {@code Could not validate credentials}, with RFC 6750's
 *   {@code error="invalid_token"};
 *   <li>a caller without the route's scope: 403 {@code Not enough permissions}, with
 *   {@code error="insufficient_scope"} and the scope it needs.
 * </ul>
 * The request's {@link Caller} is remembered ({@link Caller#remember}) for the access line, the
 * per-client limit and its Idempotency-Key.
 */
public final class AuthenticationGuard implements AccessGuard {

    public static final HeaderName API_KEY = HeaderNames.create("X-API-Key");

    private static final String NO_CREDENTIALS_CHALLENGE = "Bearer";
    private static final String INVALID_CHALLENGE = "Bearer error=\"invalid_token\"";

    private final Authenticator authenticator;
    private final Json json;
    private final Caller anonymous;
    private final Counter noCredentials;
    private final Counter invalid;
    private final Counter insufficientScope;

    public AuthenticationGuard(Authenticator authenticator, Json json, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.json = json;
        this.anonymous = Caller.anonymous(authenticator.anonymousScopes());
        this.noCredentials = refusals(meters, "no_credentials");
        this.invalid = refusals(meters, "invalid_credentials");
        this.insufficientScope = refusals(meters, "insufficient_scope");
    }

    private static Counter refusals(MeterRegistry meters, String reason) {
        return Counter.builder("heroes.auth.refused")
                .description("Requests refused by authentication (401) or for a missing scope (403)")
                .tag("reason", reason)
                .register(meters);
    }

    @Override
    public Optional<String> scopeFor(Method method, String path) {
        return AccessGuard.scopeOf(method.text(), path);
    }

    @Override
    public boolean admits(ServerRequest req, ServerResponse res, String scope) {
        Authentication outcome = authenticator.authenticate(
                req.headers().first(HeaderNames.AUTHORIZATION), req.headers().first(API_KEY));
        Caller caller;
        switch (outcome) {
            case Authentication.Authenticated authenticated -> caller = authenticated.caller();
            case Authentication.NoCredentials none -> {
                if (!anonymous.scopes().contains(scope)) {
                    noCredentials.increment();
                    refuse(res, Status.UNAUTHORIZED_401, NO_CREDENTIALS_CHALLENGE, "Not authenticated");
                    return false;
                }
                caller = anonymous;
            }
            case Authentication.Invalid bad -> {
                invalid.increment();
                refuse(res, Status.UNAUTHORIZED_401, INVALID_CHALLENGE, "Could not validate credentials");
                return false;
            }
        }
        Caller.remember(caller);
        if (!caller.scopes().contains(scope)) {
            insufficientScope.increment();
            refuse(
                    res,
                    Status.FORBIDDEN_403,
                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"",
                    "Not enough permissions");
            return false;
        }
        return true;
    }

    private void refuse(ServerResponse res, Status status, String challenge, String detail) {
        res.header(HeaderNames.WWW_AUTHENTICATE, challenge);
        json.detail(res, status, detail);
    }
}

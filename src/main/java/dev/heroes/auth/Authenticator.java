package dev.heroes.auth;

import dev.heroes.config.AuthSettings;
import dev.heroes.model.Caller;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Turns a request's credentials into a {@link Caller}: a bearer JWT in {@code Authorization}, or an
 * API key in {@code X-API-Key}. A request that sends both is judged by its {@code Authorization}
 * alone. Built once at start-up, where every key source is read and checked.
 */
public final class Authenticator {

    private static final String BEARER = "bearer";

    private final Optional<TokenVerifier> tokens;
    private final Optional<ApiKeys> apiKeys;
    private final VerifiedTokens verified;
    private final Set<String> anonymousScopes;

    private Authenticator(AuthSettings settings, LongSupplier millis) {
        this.tokens = settings.jwtEnabled() ? Optional.of(new TokenVerifier(settings)) : Optional.empty();
        this.apiKeys = settings.apiKeysFile().map(ApiKeys::load);
        this.verified = new VerifiedTokens(millis);
        this.anonymousScopes = settings.anonymousScopes();
    }

    /**
     * @throws dev.heroes.config.ConfigException when a key source cannot be read or is not usable
     * @throws IllegalArgumentException when {@code settings} turn authentication off
     */
    public static Authenticator of(AuthSettings settings) {
        return of(settings, System::currentTimeMillis);
    }

    static Authenticator of(AuthSettings settings, LongSupplier millis) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("authentication is off: there is nothing to authenticate with");
        }
        return new Authenticator(settings, millis);
    }

    /** What a request without credentials may do ({@code AUTH_ANONYMOUS_SCOPES}). */
    public Set<String> anonymousScopes() {
        return anonymousScopes;
    }

    public boolean acceptsTokens() {
        return tokens.isPresent();
    }

    public boolean acceptsApiKeys() {
        return apiKeys.isPresent();
    }

    /**
     * @param authorization the {@code Authorization} header, if sent
     * @param apiKey        the {@code X-API-Key} header, if sent
     */
    public Authentication authenticate(Optional<String> authorization, Optional<String> apiKey) {
        if (authorization.isPresent()) {
            return bearer(authorization.get());
        }
        if (apiKey.isPresent()) {
            return apiKeys.flatMap(keys -> keys.find(apiKey.get().strip()))
                    .<Authentication>map(Authentication.Authenticated::new)
                    .orElse(Authentication.INVALID);
        }
        return Authentication.NO_CREDENTIALS;
    }

    private Authentication bearer(String header) {
        if (tokens.isPresent()) {
            // Keyed by the header as sent: a client repeats it byte for byte, and a hit then costs
            // one lookup, no parsing and no copy of the token.
            Optional<TokenVerifier.Verified> known = verified.find(header);
            if (known.isPresent()) {
                return known.get().authenticated();
            }
        }
        // RFC 6750: "Bearer" (any case), one or more spaces, the token; anything else proves nothing.
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space != BEARER.length() || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Authentication.INVALID;
        }
        String token = value.substring(space + 1).stripLeading();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            return Authentication.INVALID;
        }
        if (tokens.isEmpty()) {
            // API keys only: a bearer credential is read as a key, for clients that send every secret so.
            return apiKeys.flatMap(keys -> keys.find(token))
                    .<Authentication>map(Authentication.Authenticated::new)
                    .orElse(Authentication.INVALID);
        }
        Optional<TokenVerifier.Verified> checked = tokens.get().verify(token);
        if (checked.isEmpty()) {
            return Authentication.INVALID;
        }
        verified.keep(header, checked.get());
        return checked.get().authenticated();
    }
}

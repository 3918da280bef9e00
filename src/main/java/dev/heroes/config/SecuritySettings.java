package dev.heroes.config;

/**
 * Who gets in, and how much: authentication and scopes ({@code AUTH_*}), the per-client limit
 * ({@code RATE_LIMIT*}, {@code TRUSTED_PROXIES}), the browser apps of other origins
 * ({@code CORS_*}) and HTTPS ({@code TLS_*}).
 */
public record SecuritySettings(AuthSettings auth, RateLimitSettings rateLimit, CorsSettings cors, TlsSettings tls) {

    /** No authentication, no limit, no CORS: a service on a loopback address, as tests start it. */
    public static final SecuritySettings OFF =
            new SecuritySettings(AuthSettings.NONE, RateLimitSettings.OFF, CorsSettings.OFF, TlsSettings.OFF);

    public static SecuritySettings of(AuthSettings auth) {
        return new SecuritySettings(auth, RateLimitSettings.OFF, CorsSettings.OFF, TlsSettings.OFF);
    }
}

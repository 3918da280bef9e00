package dev.heroes.config;

/**
 * Who gets in, and how much: authentication and scopes ({@code AUTH_*}) and the per-client limit
 * ({@code RATE_LIMIT*}, {@code TRUSTED_PROXIES}).
 */
public record SecuritySettings(AuthSettings auth, RateLimitSettings rateLimit) {

    /** No authentication, no limit: a service on a loopback address, as tests start it. */
    public static final SecuritySettings OFF = new SecuritySettings(AuthSettings.NONE, RateLimitSettings.OFF);

    public static SecuritySettings of(AuthSettings auth) {
        return new SecuritySettings(auth, RateLimitSettings.OFF);
    }
}

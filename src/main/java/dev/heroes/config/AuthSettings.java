package dev.heroes.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call the API ({@code AUTH_*}). Authentication is on when a key source is set: bearer JWTs
 * checked against a JWKS URL, a PEM public key or an HS256 secret, and/or API keys from a file.
 * With none, the service serves without authentication, which protected mode allows on a loopback
 * address only, unless {@code AUTH=none} says it is meant.
 *
 * @param explicitlyNone  {@code AUTH=none}: no authentication, on any address
 * @param jwksUrl         {@code AUTH_JWT_JWKS_URL}
 * @param publicKeyFile   {@code AUTH_JWT_PUBLIC_KEY_FILE}, a PEM public key (RSA or EC)
 * @param hs256SecretFile {@code AUTH_JWT_HS256_SECRET_FILE}, a shared secret of at least 32 bytes
 * @param issuer          {@code AUTH_JWT_ISSUER}: the {@code iss} every token must carry
 * @param audience        {@code AUTH_JWT_AUDIENCE}: a value the token's {@code aud} must hold
 * @param clockSkew       {@code AUTH_JWT_CLOCK_SKEW}: leeway on {@code exp} and {@code nbf}
 * @param apiKeysFile     {@code AUTH_API_KEYS_FILE}: ids, SHA-256 hashes and scopes of API keys
 * @param anonymousScopes {@code AUTH_ANONYMOUS_SCOPES}: what a request without credentials may do
 */
public record AuthSettings(
        boolean explicitlyNone,
        Optional<URI> jwksUrl,
        Optional<Path> publicKeyFile,
        Optional<Path> hs256SecretFile,
        Optional<String> issuer,
        Optional<String> audience,
        Duration clockSkew,
        Optional<Path> apiKeysFile,
        Set<String> anonymousScopes) {

    /** Every scope there is: read and write per resource. */
    public static final List<String> SCOPES = List.of("heroes:read", "heroes:write", "teams:read", "teams:write");

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    /** No authentication, as tests and a loopback-only service have it. */
    public static final AuthSettings NONE = new AuthSettings(
            false,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            DEFAULT_CLOCK_SKEW,
            Optional.empty(),
            Set.of());

    public AuthSettings {
        anonymousScopes = Set.copyOf(anonymousScopes);
    }

    static final List<AppConfig.Variable> VARIABLES = List.of(
            new AppConfig.Variable(
                    "AUTH", "unset", "none to serve without authentication on a non-loopback HOST (protected mode)"),
            new AppConfig.Variable("AUTH_JWT_JWKS_URL", "none", "JWKS URL of the bearer tokens' signing keys"),
            new AppConfig.Variable(
                    "AUTH_JWT_PUBLIC_KEY_FILE", "none", "PEM public key (RSA or EC) of the bearer tokens"),
            new AppConfig.Variable(
                    "AUTH_JWT_HS256_SECRET_FILE", "none", "file holding the HS256 secret (32 bytes or more)"),
            new AppConfig.Variable("AUTH_JWT_ISSUER", "none", "the iss every token must carry"),
            new AppConfig.Variable("AUTH_JWT_AUDIENCE", "none", "a value the token's aud must hold"),
            new AppConfig.Variable(
                    "AUTH_JWT_CLOCK_SKEW",
                    String.valueOf(DEFAULT_CLOCK_SKEW.toSeconds()),
                    "seconds of leeway on exp and nbf"),
            new AppConfig.Variable("AUTH_API_KEYS_FILE", "none", "file of API keys: id, SHA-256 hex, scopes"),
            new AppConfig.Variable(
                    "AUTH_ANONYMOUS_SCOPES", "none", "scopes of requests without credentials, e.g. heroes:read"));

    /** Whether requests must prove who they are (a key source is set). */
    public boolean enabled() {
        return jwtEnabled() || apiKeysFile.isPresent();
    }

    public boolean jwtEnabled() {
        return jwksUrl.isPresent() || publicKeyFile.isPresent() || hs256SecretFile.isPresent();
    }

    static AuthSettings fromEnvironment(Map<String, String> env) {
        Optional<String> mode = AppConfig.text(env, "AUTH");
        if (mode.isPresent() && !mode.get().toLowerCase(Locale.ROOT).equals("none")) {
            throw new ConfigException("AUTH=" + mode.get() + " is not usable; expected none (or leave it unset and"
                    + " configure AUTH_JWT_* or AUTH_API_KEYS_FILE)");
        }
        Optional<URI> jwks = AppConfig.text(env, "AUTH_JWT_JWKS_URL").map(AuthSettings::jwksUrl);
        Optional<Path> publicKey = AppConfig.readableFile(env, "AUTH_JWT_PUBLIC_KEY_FILE");
        Optional<Path> secret = AppConfig.readableFile(env, "AUTH_JWT_HS256_SECRET_FILE");
        long keySources = (jwks.isPresent() ? 1 : 0) + (publicKey.isPresent() ? 1 : 0) + (secret.isPresent() ? 1 : 0);
        if (keySources > 1) {
            throw new ConfigException("AUTH_JWT_JWKS_URL, AUTH_JWT_PUBLIC_KEY_FILE and AUTH_JWT_HS256_SECRET_FILE"
                    + " are alternatives; set one of them");
        }
        int skew = AppConfig.intSetting(env, "AUTH_JWT_CLOCK_SKEW", (int) DEFAULT_CLOCK_SKEW.toSeconds(), 0, 300);
        AuthSettings settings = new AuthSettings(
                mode.isPresent(),
                jwks,
                publicKey,
                secret,
                AppConfig.text(env, "AUTH_JWT_ISSUER"),
                AppConfig.text(env, "AUTH_JWT_AUDIENCE"),
                Duration.ofSeconds(skew),
                AppConfig.readableFile(env, "AUTH_API_KEYS_FILE"),
                scopes(
                        "AUTH_ANONYMOUS_SCOPES",
                        AppConfig.text(env, "AUTH_ANONYMOUS_SCOPES").orElse("")));
        if (settings.explicitlyNone() && settings.enabled()) {
            throw new ConfigException(
                    "AUTH=none contradicts the AUTH_JWT_* or AUTH_API_KEYS_FILE setting;" + " unset one of them");
        }
        if (!settings.enabled() && !settings.anonymousScopes().isEmpty()) {
            throw new ConfigException("AUTH_ANONYMOUS_SCOPES needs authentication (AUTH_JWT_* or AUTH_API_KEYS_FILE);"
                    + " without it every request may do everything");
        }
        return settings;
    }

    /**
     * Scope names from a list separated by commas or spaces, each one of {@link #SCOPES}.
     *
     * @param source what the list came from, for the error
     */
    public static Set<String> scopes(String source, String list) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : AppConfig.items(list)) {
            if (!SCOPES.contains(scope)) {
                throw new ConfigException(
                        source + ": unknown scope " + scope + "; expected " + String.join(", ", SCOPES));
            }
            scopes.add(scope);
        }
        return scopes;
    }

    private static URI jwksUrl(String raw) {
        try {
            URI uri = new URI(raw);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException("AUTH_JWT_JWKS_URL is not usable; expected an https:// (or http://) URL");
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return explicitlyNone ? "no authentication (AUTH=none)" : "no authentication";
        }
        String jwt = jwksUrl.map(u -> "JWT (JWKS " + u + ")")
                .or(() -> publicKeyFile.map(p -> "JWT (public key " + p + ")"))
                .or(() -> hs256SecretFile.map(p -> "JWT (HS256)"))
                .orElse("");
        String keys = apiKeysFile.map(p -> "API keys (" + p + ")").orElse("");
        return Arrays.stream(new String[] {jwt, keys}).filter(s -> !s.isEmpty()).collect(Collectors.joining(", "))
                + (anonymousScopes.isEmpty() ? "" : "; anonymous: " + String.join(" ", anonymousScopes));
    }
}

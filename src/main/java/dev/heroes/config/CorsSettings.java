package dev.heroes.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which browser apps on other origins may call the API ({@code CORS_ORIGINS}), and how long a
 * browser may keep a preflight's answer ({@code CORS_MAX_AGE}).
 *
 * @param origins exact origins ({@code https://app.example.com}), or {@code *} for any; none turns
 *                CORS off, as the guide's app has it
 * @param maxAge  how long a preflight's answer may be cached
 */
public record CorsSettings(Set<String> origins, Duration maxAge) {

    public static final CorsSettings OFF = new CorsSettings(Set.of(), Duration.ofMinutes(10));

    public CorsSettings {
        origins = Set.copyOf(origins);
    }

    static final List<AppConfig.Variable> VARIABLES = List.of(
            new AppConfig.Variable(
                    "CORS_ORIGINS", "none", "origins of browser apps that may call the API (comma-separated), or *"),
            new AppConfig.Variable("CORS_MAX_AGE", "600", "seconds a browser may keep a preflight's answer"));

    public boolean enabled() {
        return !origins.isEmpty();
    }

    public boolean allowsAnyOrigin() {
        return origins.contains("*");
    }

    static CorsSettings fromEnvironment(Map<String, String> env) {
        Set<String> origins = new LinkedHashSet<>();
        for (String each : AppConfig.items(env.getOrDefault("CORS_ORIGINS", ""))) {
            // An origin is scheme://host[:port], exactly as a browser sends it: no path, no slash.
            if (!each.equals("*") && !each.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new ConfigException("CORS_ORIGINS: " + each + " is not an origin; expected e.g."
                        + " https://app.example.com or http://localhost:3000 (no path), or *");
            }
            origins.add(each);
        }
        int maxAge = AppConfig.intSetting(env, "CORS_MAX_AGE", 600, 0, 86_400);
        return new CorsSettings(origins, Duration.ofSeconds(maxAge));
    }
}

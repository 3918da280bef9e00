package dev.heroes.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much one client may ask ({@code RATE_LIMIT}, {@code RATE_LIMIT_BURST}), and whose word on who
 * the client is counts ({@code TRUSTED_PROXIES}).
 *
 * @param perSecond      requests a second each client may send, on average; 0 turns the limit off
 * @param burst          requests a client may send at once, beyond the average
 * @param trustedProxies addresses and CIDR ranges (e.g. {@code 10.0.0.0/8}, {@code ::1}) whose
 *                       {@code Forwarded} or {@code X-Forwarded-For} names the client
 */
public record RateLimitSettings(int perSecond, int burst, List<String> trustedProxies) {

    public static final RateLimitSettings OFF = new RateLimitSettings(0, 0, List.of());

    public RateLimitSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    static final List<AppConfig.Variable> VARIABLES = List.of(
            new AppConfig.Variable(
                    "RATE_LIMIT", "0", "requests a second per client (caller, else address); 0 for no limit"),
            new AppConfig.Variable(
                    "RATE_LIMIT_BURST", "2 x RATE_LIMIT", "requests a client may send at once beyond the rate"),
            new AppConfig.Variable(
                    "TRUSTED_PROXIES",
                    "none",
                    "addresses or CIDR ranges whose Forwarded / X-Forwarded-For names the client"));

    public boolean enabled() {
        return perSecond > 0;
    }

    static RateLimitSettings fromEnvironment(Map<String, String> env) {
        int perSecond = AppConfig.intSetting(env, "RATE_LIMIT", 0, 0, 1_000_000);
        int burst = AppConfig.intSetting(env, "RATE_LIMIT_BURST", Math.max(1, 2 * perSecond), 1, 10_000_000);
        List<String> proxies = new ArrayList<>();
        for (String each : AppConfig.items(env.getOrDefault("TRUSTED_PROXIES", ""))) {
            if (!each.matches("[0-9a-fA-F:.]+(/\\d{1,3})?")) {
                throw new ConfigException("TRUSTED_PROXIES: " + each + " is not an IP address or CIDR range"
                        + " (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)");
            }
            proxies.add(each);
        }
        return new RateLimitSettings(perSecond, burst, proxies);
    }
}

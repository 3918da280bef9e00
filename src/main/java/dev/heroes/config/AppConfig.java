package dev.heroes.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the service reads from its environment, checked once at start-up.
 *
 * @param host          address to listen on ({@code HOST})
 * @param port          port to listen on ({@code PORT}); 0 picks a free one
 * @param database      where the data lives ({@code DATABASE_URL})
 * @param pool          connection pool settings ({@code DB_POOL_*})
 * @param api           what the API does beyond the guide ({@code INCLUDE_HEROES_LIMIT},
 *                      {@code IDEMPOTENCY_KEY_TTL})
 */
public record AppConfig(String host, int port, DatabaseUrl database, PoolSettings pool, ApiSettings api) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;

    /**
     * @param heroesPerTeamInLists heroes nested per team in {@code GET /teams/?include=heroes}:
     *                             lists are capped, as every list is
     * @param idempotencyKeyTtl    how long an Idempotency-Key and its stored response are kept
     */
    public record ApiSettings(int heroesPerTeamInLists, Duration idempotencyKeyTtl) {
        public static final ApiSettings DEFAULTS = new ApiSettings(100, Duration.ofHours(24));
    }

    /**
     * @param size             connections kept by the pool ({@code DB_POOL_SIZE}, the guide's pool_size)
     * @param connectTimeout   longest wait for a free connection ({@code DB_POOL_TIMEOUT} seconds),
     *                         after which the request is answered 503
     * @param maxLifetime      age at which a connection is replaced ({@code DB_POOL_RECYCLE} seconds,
     *                         the guide's pool_recycle)
     * @param queueLength      requests that may wait for a free connection ({@code DB_QUEUE_LENGTH});
     *                         one more is answered 503 at once
     */
    public record PoolSettings(int size, Duration connectTimeout, Duration maxLifetime, int queueLength) {
        public static final int DEFAULT_QUEUE_LENGTH = 1_000;
        public static final PoolSettings DEFAULTS =
                new PoolSettings(10, Duration.ofSeconds(2), Duration.ofMinutes(30), DEFAULT_QUEUE_LENGTH);

        /** Settings with the default queue. */
        public PoolSettings(int size, Duration connectTimeout, Duration maxLifetime) {
            this(size, connectTimeout, maxLifetime, DEFAULT_QUEUE_LENGTH);
        }
    }

    public static AppConfig fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("HOST", DEFAULT_HOST).strip();
        int port = intSetting(env, "PORT", DEFAULT_PORT, 0, 65_535);
        DatabaseUrl database = DatabaseUrl.parse(
                env.getOrDefault("DATABASE_URL", DatabaseUrl.DEFAULT),
                Optional.ofNullable(env.get("DATABASE_USER")),
                Optional.ofNullable(env.get("DATABASE_PASSWORD")));
        PoolSettings pool = new PoolSettings(
                intSetting(env, "DB_POOL_SIZE", PoolSettings.DEFAULTS.size(), 1, 1_000),
                Duration.ofSeconds(intSetting(env, "DB_POOL_TIMEOUT",
                        (int) PoolSettings.DEFAULTS.connectTimeout().toSeconds(), 1, 3_600)),
                Duration.ofSeconds(intSetting(env, "DB_POOL_RECYCLE",
                        (int) PoolSettings.DEFAULTS.maxLifetime().toSeconds(), 30, 86_400)),
                intSetting(env, "DB_QUEUE_LENGTH", PoolSettings.DEFAULT_QUEUE_LENGTH, 0, 100_000));
        ApiSettings api = new ApiSettings(
                intSetting(env, "INCLUDE_HEROES_LIMIT", ApiSettings.DEFAULTS.heroesPerTeamInLists(), 0, 10_000),
                Duration.ofSeconds(intSetting(env, "IDEMPOTENCY_KEY_TTL",
                        (int) ApiSettings.DEFAULTS.idempotencyKeyTtl().toSeconds(), 60, 30 * 86_400)));
        return new AppConfig(host, port, database, pool, api);
    }

    private static int intSetting(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the accepted range
        }
        throw new ConfigException(name + "=" + raw + " is not usable; expected a whole number from "
                + min + " to " + max);
    }
}

package dev.heroes.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads from PostgreSQL standbys ({@code DATABASE_READ_URL}), and what keeps them from being stale
 * where it matters: a consistency token on every write's response that a later read presents, and a
 * bound on how far behind a standby may be to serve reads without one.
 *
 * @param standbys    the standbys GET routes may read from; none: every read goes to the primary
 * @param maxLag      how far behind the primary a standby may be and still serve reads
 *                    ({@code DB_READ_MAX_LAG}); one further behind is skipped until it catches up
 * @param tokenTtl    how long a write's consistency token routes the reads that present it
 *                    ({@code CONSISTENCY_TOKEN_TTL}): longer than {@code maxLag}, after which every
 *                    standby that serves has replayed the write anyway
 * @param tokenCookie whether the token is also set as a cookie, for browsers that do not echo a
 *                    header ({@code CONSISTENCY_COOKIE})
 */
public record ReplicaSettings(List<DatabaseUrl> standbys, Duration maxLag, Duration tokenTtl, boolean tokenCookie) {

    public static final ReplicaSettings NONE =
            new ReplicaSettings(List.of(), Duration.ofSeconds(5), Duration.ofSeconds(60), false);

    public ReplicaSettings {
        standbys = List.copyOf(standbys);
    }

    /** Every standby at once, with the default bounds. */
    public static ReplicaSettings of(List<DatabaseUrl> standbys) {
        return new ReplicaSettings(standbys, NONE.maxLag(), NONE.tokenTtl(), false);
    }

    public boolean enabled() {
        return !standbys.isEmpty();
    }

    static final List<AppConfig.Variable> VARIABLES = List.of(
            new AppConfig.Variable(
                    "DATABASE_READ_URL",
                    "none",
                    "PostgreSQL standbys that GET routes read from (comma-separated URLs, as DATABASE_URL)"),
            new AppConfig.Variable("DATABASE_READ_URL_FILE", "none", "file holding DATABASE_READ_URL (a secret)"),
            new AppConfig.Variable(
                    "DB_READ_MAX_LAG",
                    String.valueOf(NONE.maxLag().toSeconds()),
                    "seconds a standby may be behind the primary and still serve reads"),
            new AppConfig.Variable(
                    "CONSISTENCY_TOKEN_TTL",
                    String.valueOf(NONE.tokenTtl().toSeconds()),
                    "seconds a write's Consistency-Token keeps the reads presenting it from staler standbys"),
            new AppConfig.Variable(
                    "CONSISTENCY_COOKIE", "off", "on: the Consistency-Token is also set as a cookie, for browsers"));

    static ReplicaSettings fromEnvironment(
            Map<String, String> env, DatabaseUrl primary, Optional<String> user, Optional<String> password) {
        List<DatabaseUrl> standbys =
                AppConfig.secret(env, "DATABASE_READ_URL").map(AppConfig::items).orElse(List.of()).stream()
                        .map(url -> DatabaseUrl.parse(url, user, password))
                        .toList();
        if (!standbys.isEmpty() && primary.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigException(
                    "DATABASE_READ_URL is set but DATABASE_URL is not PostgreSQL: standbys are" + " PostgreSQL's");
        }
        for (DatabaseUrl standby : standbys) {
            if (standby.kind() != DatabaseUrl.Kind.POSTGRESQL) {
                throw new ConfigException("DATABASE_READ_URL names " + standby + "; standbys must be PostgreSQL");
            }
        }
        Duration maxLag = Duration.ofSeconds(
                AppConfig.intSetting(env, "DB_READ_MAX_LAG", (int) NONE.maxLag().toSeconds(), 1, 3_600));
        Duration ttl = Duration.ofSeconds(AppConfig.intSetting(
                env, "CONSISTENCY_TOKEN_TTL", (int) NONE.tokenTtl().toSeconds(), 1, 86_400));
        if (ttl.compareTo(maxLag) <= 0) {
            throw new ConfigException("CONSISTENCY_TOKEN_TTL=" + ttl.toSeconds() + " is not usable; it must be longer"
                    + " than DB_READ_MAX_LAG=" + maxLag.toSeconds() + ", or a token could expire while a standby"
                    + " that serves reads has not yet replayed its write");
        }
        boolean cookie = AppConfig.choice(env, "CONSISTENCY_COOKIE", Map.of("on", true, "off", false), false);
        return new ReplicaSettings(standbys, maxLag, ttl, cookie);
    }
}

package dev.heroes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @Test
    void defaultsToTheGuidesPortAndAnEmbeddedSqliteFile() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:sqlite:heroes.db");
        // A request waits 2 s at most for a connection, then gets a 503 with Retry-After; 1,000 may
        // wait; PostgreSQL's pool grows by up to 20 connections under load (the guide's max_overflow).
        assertThat(config.pool())
                .isEqualTo(new AppConfig.PoolSettings(10, Duration.ofSeconds(2), Duration.ofMinutes(30), 1_000, 20));
        // Health and metrics on a port of their own; 20 s for requests in flight at SIGTERM; 10,000
        // connections at once, each closed after a minute without a request; gzip from 1 KiB.
        assertThat(config.server())
                .isEqualTo(new AppConfig.ServerSettings(
                        "127.0.0.1",
                        8000,
                        "127.0.0.1",
                        8001,
                        Duration.ofSeconds(20),
                        10_000,
                        Duration.ofSeconds(60),
                        1024));
        assertThat(config.log()).isEqualTo(new AppConfig.LogSettings(AppConfig.LogFormat.TEXT, true));
    }

    @Test
    void readsEverySettingFromTheEnvironment() {
        AppConfig config = AppConfig.fromEnvironment(Map.ofEntries(
                Map.entry("HOST", "0.0.0.0"),
                Map.entry("AUTH", "none"),
                Map.entry("PORT", "9000"),
                Map.entry("DATABASE_URL", "postgresql://u:p@db/heroes"),
                Map.entry("DB_POOL_SIZE", "20"),
                Map.entry("DB_POOL_TIMEOUT", "3"),
                Map.entry("DB_POOL_RECYCLE", "600"),
                Map.entry("DB_QUEUE_LENGTH", "50"),
                Map.entry("DB_MAX_OVERFLOW", "5"),
                Map.entry("DB_CONNECT_TIMEOUT", "2"),
                Map.entry("DB_STATEMENT_TIMEOUT", "30"),
                Map.entry("DB_WORK_TIMEOUT", "40"),
                Map.entry("DB_FAILOVER_WAIT", "0"),
                Map.entry("MANAGEMENT_HOST", "10.0.0.1"),
                Map.entry("MANAGEMENT_PORT", "9001"),
                Map.entry("SHUTDOWN_GRACE", "30"),
                Map.entry("MAX_CONNECTIONS", "500"),
                Map.entry("IDLE_TIMEOUT", "15"),
                Map.entry("GZIP_MIN_SIZE", "4096"),
                Map.entry("LOG_FORMAT", "JSON"),
                Map.entry("ACCESS_LOG", "off"),
                Map.entry("LOG_LEVEL", "Warn")));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.database().kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
        assertThat(config.pool())
                .isEqualTo(new AppConfig.PoolSettings(
                        20,
                        Duration.ofSeconds(3),
                        Duration.ofMinutes(10),
                        50,
                        5,
                        new AppConfig.DatabaseTimeouts(
                                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(40), Duration.ZERO)));
        assertThat(config.server())
                .isEqualTo(new AppConfig.ServerSettings(
                        "0.0.0.0", 9000, "10.0.0.1", 9001, Duration.ofSeconds(30), 500, Duration.ofSeconds(15), 4096));
        assertThat(config.log())
                .isEqualTo(new AppConfig.LogSettings(AppConfig.LogFormat.JSON, false, AppConfig.LogLevel.WARN));
    }

    @Test
    void gzipIsTurnedOffByOffOrZero() {
        assertThat(AppConfig.fromEnvironment(Map.of("GZIP_MIN_SIZE", "off"))
                        .server()
                        .gzipMinSize())
                .isZero();
        assertThat(AppConfig.fromEnvironment(Map.of("GZIP_MIN_SIZE", "0"))
                        .server()
                        .gzipMinSize())
                .isZero();
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("GZIP_MIN_SIZE", "-1")))
                .hasMessageContaining("GZIP_MIN_SIZE=-1 is not usable");
    }

    @Test
    void refusesAnUnusableNumberSayingWhatIsExpected() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PORT=eighty is not usable; expected a whole number from 0 to 65535");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_POOL_SIZE", "0")))
                .hasMessageContaining("DB_POOL_SIZE");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("MAX_CONNECTIONS", "0")))
                .hasMessage("MAX_CONNECTIONS=0 is not usable; expected a whole number from 1 to 1000000");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("INCLUDE_HEROES_LIMIT", "1001")))
                .hasMessage("INCLUDE_HEROES_LIMIT=1001 is not usable; expected a whole number from 0 to 1000");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("IDLE_TIMEOUT", "0")))
                .hasMessage("IDLE_TIMEOUT=0 is not usable; expected a whole number from 1 to 86400");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_STATEMENT_TIMEOUT", "10")))
                .hasMessageStartingWith(
                        "DB_WORK_TIMEOUT=10 is not usable; it must be longer than DB_STATEMENT_TIMEOUT=10");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_CONNECT_TIMEOUT", "0")))
                .hasMessage("DB_CONNECT_TIMEOUT=0 is not usable; expected a whole number from 1 to 300");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("LOG_FORMAT", "xml")))
                .hasMessage("LOG_FORMAT=xml is not usable; expected one of json, text");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("PORT", "9000", "MANAGEMENT_PORT", "9000")))
                .hasMessageStartingWith("MANAGEMENT_PORT=9000 is the API's PORT");
    }

    @Test
    void protectedModeRefusesANonLoopbackAddressWithoutAuthentication() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("HOST", host)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("HOST=" + host + " is reachable from other machines and no authentication is"
                            + " configured: set AUTH_JWT_JWKS_URL, AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWT_HS256_SECRET_FILE"
                            + " or AUTH_API_KEYS_FILE, or AUTH=none to serve without authentication");
        }
        for (String host : new String[] {"127.0.0.1", "::1", "localhost", "127.0.0.2"}) {
            assertThat(AppConfig.fromEnvironment(Map.of("HOST", host)).auth().enabled())
                    .isFalse();
        }
        assertThat(AppConfig.fromEnvironment(Map.of("HOST", "0.0.0.0", "AUTH", "none"))
                        .auth()
                        .explicitlyNone())
                .isTrue();
        assertThat(AppConfig.fromEnvironment(Map.of("HOST", "0.0.0.0", "AUTH", "none"))
                        .server()
                        .managementHost())
                .as("health and metrics stay on loopback unless MANAGEMENT_HOST says otherwise")
                .isEqualTo("127.0.0.1");
        assertThat(AppConfig.fromEnvironment(Map.of("HOST", "0.0.0.0", "AUTH_JWT_JWKS_URL", "https://idp.test/jwks"))
                        .auth()
                        .enabled())
                .isTrue();
    }

    @Test
    void refusesAuthenticationSettingsThatContradictOrMisname() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AUTH", "off")))
                .hasMessageStartingWith("AUTH=off is not usable; expected none");
        assertThatThrownBy(() ->
                        AppConfig.fromEnvironment(Map.of("AUTH", "none", "AUTH_JWT_JWKS_URL", "https://idp.test/jwks")))
                .hasMessageStartingWith("AUTH=none contradicts");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AUTH_JWT_JWKS_URL", "ftp://idp.test/jwks")))
                .hasMessageStartingWith("AUTH_JWT_JWKS_URL is not usable");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AUTH_JWT_PUBLIC_KEY_FILE", "/no/such/key.pem")))
                .hasMessage("AUTH_JWT_PUBLIC_KEY_FILE=/no/such/key.pem is not a readable file");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("AUTH_ANONYMOUS_SCOPES", "heroes:read")))
                .hasMessageStartingWith("AUTH_ANONYMOUS_SCOPES needs authentication");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(
                        "AUTH_JWT_JWKS_URL", "https://idp.test/jwks", "AUTH_ANONYMOUS_SCOPES", "heroes:everything")))
                .hasMessageContaining("unknown scope heroes:everything");
    }

    @Test
    void secretsCanComeFromFilesAsDockerAndKubernetesMountThem(@TempDir Path dir) throws Exception {
        Path url = Files.writeString(dir.resolve("url"), "postgresql://heroes:Qz/Xw@7Kv@db.example/heroes\n");
        Path password = Files.writeString(dir.resolve("password"), "Zq9-Xw7Kv\r\n");

        AppConfig fromFiles = AppConfig.fromEnvironment(Map.of("DATABASE_URL_FILE", url.toString()));
        assertThat(fromFiles.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/heroes");
        assertThat(fromFiles.database().password()).contains("Qz/Xw@7Kv");
        assertThat(AppConfig.fromEnvironment(Map.of(
                                "DATABASE_URL",
                                "jdbc:postgresql://db/heroes",
                                "DATABASE_PASSWORD_FILE",
                                password.toString()))
                        .database()
                        .password())
                .contains("Zq9-Xw7Kv");

        assertThatThrownBy(() -> AppConfig.fromEnvironment(
                        Map.of("DATABASE_URL", "sqlite:///x.db", "DATABASE_URL_FILE", url.toString())))
                .hasMessage("DATABASE_URL and DATABASE_URL_FILE are both set; set one of them");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(
                        Map.of("DATABASE_PASSWORD_FILE", dir.resolve("missing").toString())))
                .hasMessage("DATABASE_PASSWORD_FILE=" + dir.resolve("missing") + " could not be read");
    }

    @Test
    void readsStandbysTheirBoundsAndThePooler() {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "DATABASE_URL", "postgresql://u:p@primary/heroes",
                "DATABASE_READ_URL", "postgresql://u:p@standby1/heroes, postgresql://standby2:5433/heroes",
                "DATABASE_PASSWORD", "from-env",
                "DB_READ_MAX_LAG", "2",
                "CONSISTENCY_TOKEN_TTL", "30",
                "CONSISTENCY_COOKIE", "on",
                "DB_POOLER", "transaction"));

        ReplicaSettings replicas = config.replicas();
        assertThat(replicas.standbys())
                .extracting(DatabaseUrl::jdbcUrl)
                .containsExactly("jdbc:postgresql://standby1:5432/heroes", "jdbc:postgresql://standby2:5433/heroes");
        assertThat(replicas.standbys().get(1).password())
                .as("from DATABASE_PASSWORD")
                .contains("from-env");
        assertThat(replicas.maxLag()).isEqualTo(Duration.ofSeconds(2));
        assertThat(replicas.tokenTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(replicas.tokenCookie()).isTrue();
        assertThat(config.pool().pooler()).isEqualTo(AppConfig.Pooler.TRANSACTION);
        assertThat(AppConfig.fromEnvironment(Map.of()).replicas().enabled()).isFalse();
        assertThat(AppConfig.fromEnvironment(Map.of()).pool().pooler()).isEqualTo(AppConfig.Pooler.NONE);
    }

    @Test
    void refusesStandbysAndAPoolerThatCannotWork() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DATABASE_READ_URL", "postgresql://u:p@standby/h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DATABASE_URL is not PostgreSQL");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(
                        Map.of("DATABASE_URL", "postgresql://u:p@primary/h", "DATABASE_READ_URL", "sqlite:///copy.db")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("standbys must be PostgreSQL");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of(
                        "DATABASE_URL", "postgresql://u:p@primary/h",
                        "DB_READ_MAX_LAG", "60",
                        "CONSISTENCY_TOKEN_TTL", "60")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CONSISTENCY_TOKEN_TTL=60 is not usable");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_POOLER", "transaction")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_POOLER=transaction is for a pooler in front of PostgreSQL");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_POOLER", "session")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DB_POOLER=session is not usable");
    }
}

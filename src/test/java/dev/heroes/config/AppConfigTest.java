package dev.heroes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    @Test
    void defaultsToTheGuidesPortAndAnEmbeddedSqliteFile() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8000);
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:sqlite:heroes.db");
        // A request waits 2 s at most for a connection, then gets a 503 with Retry-After; 1,000 may wait.
        assertThat(config.pool()).isEqualTo(
                new AppConfig.PoolSettings(10, Duration.ofSeconds(2), Duration.ofMinutes(30), 1_000));
    }

    @Test
    void readsEverySettingFromTheEnvironment() {
        AppConfig config = AppConfig.fromEnvironment(Map.of(
                "HOST", "0.0.0.0", "PORT", "9000", "DATABASE_URL", "postgresql://u:p@db/heroes",
                "DB_POOL_SIZE", "20", "DB_POOL_TIMEOUT", "3", "DB_POOL_RECYCLE", "600", "DB_QUEUE_LENGTH", "50"));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.database().kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
        assertThat(config.pool()).isEqualTo(
                new AppConfig.PoolSettings(20, Duration.ofSeconds(3), Duration.ofMinutes(10), 50));
    }

    @Test
    void refusesAnUnusableNumberSayingWhatIsExpected() {
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("PORT=eighty is not usable; expected a whole number from 0 to 65535");
        assertThatThrownBy(() -> AppConfig.fromEnvironment(Map.of("DB_POOL_SIZE", "0")))
                .hasMessageContaining("DB_POOL_SIZE");
    }
}

package dev.heroes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.config.DatabaseUrl.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    private static DatabaseUrl parse(String url) {
        return DatabaseUrl.parse(url, Optional.empty(), Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"postgresql", "postgresql+psycopg", "postgresql+psycopg2", "postgresql+asyncpg", "postgres"})
    void acceptsTheGuidesPostgresForms(String scheme) {
        DatabaseUrl url = parse(scheme + "://hero:p%40ss@db.example:6543/heroes?sslmode=require");

        assertThat(url.kind()).isEqualTo(Kind.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/heroes?sslmode=require");
        assertThat(url.user()).contains("hero");
        assertThat(url.password()).contains("p@ss");
    }

    @Test
    void defaultsThePostgresPortAndTakesCredentialsFromTheEnvironment() {
        DatabaseUrl url =
                DatabaseUrl.parse("postgresql://localhost/heroes", Optional.of("env-user"), Optional.of("env-pass"));

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/heroes");
        assertThat(url.user()).contains("env-user");
        assertThat(url.password()).contains("env-pass");
    }

    @Test
    void acceptsSqliteRelativeAndAbsolutePaths() {
        assertThat(parse("sqlite:///heroes.db").jdbcUrl()).isEqualTo("jdbc:sqlite:heroes.db");
        assertThat(parse("sqlite:////var/lib/heroes/heroes.db").jdbcUrl())
                .isEqualTo("jdbc:sqlite:/var/lib/heroes/heroes.db");
        assertThat(parse(DatabaseUrl.DEFAULT).kind()).isEqualTo(Kind.SQLITE);
    }

    @Test
    void acceptsJdbcUrls() {
        assertThat(parse("jdbc:sqlite:/tmp/x.db").kind()).isEqualTo(Kind.SQLITE);
        DatabaseUrl pg = DatabaseUrl.parse("jdbc:postgresql://h:5432/d", Optional.of("u"), Optional.empty());
        assertThat(pg.kind()).isEqualTo(Kind.POSTGRESQL);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d");
        assertThat(pg.user()).contains("u");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mysql://u:hunter2@h/d",
                "postgresql://u:hunter2@h",
                "postgresql://u:hunter2@h:99999/d",
                "sqlite://heroes.db",
                "sqlite:///:memory:",
                "sqlite://",
                "jdbc:mysql://u:hunter2@h/d",
                "hunter2",
                ""
            })
    void refusesOthersWithOneLineThatNeverShowsThePassword(String url) {
        assertThatThrownBy(() -> parse(url))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected postgresql://")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
    }

    @Test
    void printsWithoutThePassword() {
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://h/d?user=u&password=hunter2", Optional.empty(), Optional.of("hunter3"));

        assertThat(url.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
        assertThat(parse("postgresql://u:hunter2@h/d").toString()).doesNotContain("hunter2");
    }
}

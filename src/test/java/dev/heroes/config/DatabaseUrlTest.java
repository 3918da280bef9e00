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

    @ParameterizedTest
    @ValueSource(strings = {"Qz/Xw#7Kv", "Qz@Xw@7Kv", "Qz:Xw:7Kv", "Qz?Xw=7Kv", "QzXw7Kv%2Fj"})
    void aPasswordWithUnencodedSpecialCharactersIsStillThePasswordAndNeverPrinted(String password) {
        DatabaseUrl url = parse("postgresql://heroes:" + password + "@db.example:5433/heroes?sslmode=verify-full");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/heroes?sslmode=verify-full");
        assertThat(url.user()).contains("heroes");
        assertThat(url.password()).contains(password.equals("QzXw7Kv%2Fj") ? "QzXw7Kv/j" : password);
        assertNoFragmentOf(password, url.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"QzXw%zz7Kv", "QzXw7Kv%", "QzXw7K%4", "Qz/Xw%GG7"})
    void aBadPercentEscapeIsOneLineWithoutThePassword(String password) {
        assertThatThrownBy(() -> parse("postgresql://heroes:" + password + "@db/heroes"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("%25")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    assertNoFragmentOf(password, e.getMessage());
                });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://heroes:Qz/Xw@7Kv@",
                "postgresql://heroes:Qz?Xw7Kv@db",
                "postgresql://heroes:QzXw7Kv@db:99999/d",
                "mysql://heroes:QzXw7Kv@db/d"
            })
    void anUnusableUrlNeverShowsAnyPartOfItsPassword(String raw) {
        String password = raw.substring(raw.indexOf("heroes:") + 7, raw.lastIndexOf('@'));
        assertThatThrownBy(() -> parse(raw))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNoFragmentOf(password, e.getMessage()));
    }

    @Test
    void sslSettingsPassThroughToTheDriver() {
        DatabaseUrl url =
                parse("postgresql://u:p@db.example/heroes?sslmode=verify-full&sslrootcert=/etc/heroes/root.crt");
        assertThat(url.jdbcUrl())
                .isEqualTo(
                        "jdbc:postgresql://db.example:5432/heroes?sslmode=verify-full&sslrootcert=/etc/heroes/root.crt");
    }

    @Test
    void severalHostsWithLibpqsTargetSessionAttrsBecomePgjdbcsMultiHostUrl() {
        DatabaseUrl url =
                parse("postgresql://u:p@db1.example:5432,db2.example,[::1]:6432/heroes?target_session_attrs=read-write"
                        + "&sslmode=require");

        assertThat(url.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db1.example:5432,db2.example:5432,[::1]:6432/heroes"
                        + "?targetServerType=primary&sslmode=require");
        assertThat(url.password()).contains("p");
        assertThat(parse("postgresql://h1,h2/d?target_session_attrs=prefer-standby")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/d?targetServerType=preferSecondary");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://u:hunter2@h1,/d",
                "postgresql://u:hunter2@h1:5432,h2:99999/d",
                "postgresql://u:hunter2@h1,h2/d?target_session_attrs=whatever"
            })
    void refusesABrokenHostListOrAnUnknownTargetWithoutThePassword(String raw) {
        assertThatThrownBy(() -> parse(raw))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNoFragmentOf("hunter2", e.getMessage()));
    }

    /** No run of four or more of the password's characters appears in {@code printed}. */
    private static void assertNoFragmentOf(String password, String printed) {
        for (int i = 0; i + 4 <= password.length(); i++) {
            assertThat(printed).doesNotContain(password.substring(i, i + 4));
        }
    }
}

package dev.heroes.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.model.WalPosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A token names a write's position until it expires; anything else reads as no token. */
class ConsistencyTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private final ConsistencyTokens tokens =
            new ConsistencyTokens(Duration.ofSeconds(60), false, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenNamesThePositionAndExpiresAfterItsTtl() {
        WalPosition position = WalPosition.parse("16/B374D848").orElseThrow();

        String token = tokens.token(position);

        assertThat(token).isEqualTo("16/B374D848@" + NOW.plusSeconds(60).getEpochSecond());
        assertThat(tokens.position(token)).contains(position);
        ConsistencyTokens later =
                new ConsistencyTokens(Duration.ofSeconds(60), false, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertThat(later.position(token)).as("expired").isEmpty();
    }

    @Test
    void whatIsNoTokenReadsAsNone() {
        long future = NOW.plusSeconds(30).getEpochSecond();
        for (String notAToken : new String[] {
            "",
            "@",
            "16/B374D848",
            "16/B374D848@",
            "16/B374D848@soon",
            "G/1@" + future,
            "1@" + future,
            "/1@" + future,
            "123456789/1@" + future,
            "1/123456789@" + future,
            "-1/1@" + future
        }) {
            assertThat(tokens.position(notAToken)).as(notAToken).isEmpty();
        }
    }

    @Test
    void positionsCompareAsPostgresqlOrdersThem() {
        WalPosition low = WalPosition.parse("0/FFFFFFFF").orElseThrow();
        WalPosition high = WalPosition.parse("1/0").orElseThrow();
        WalPosition top = WalPosition.parse("FFFFFFFF/FFFFFFFF").orElseThrow();

        assertThat(high.isAtLeast(low)).isTrue();
        assertThat(low.isAtLeast(high)).isFalse();
        assertThat(top.isAtLeast(high)).as("beyond a signed long").isTrue();
        assertThat(top.toString()).isEqualTo("FFFFFFFF/FFFFFFFF");
        assertThat(high.toString()).isEqualTo("1/0");
    }
}

package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.RawHttp;
import dev.heroes.support.SharedApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every API answer, errors and Helidon's own refusals too, tells browsers not to sniff and caches not to store. */
class StandingHeadersTest {

    @RegisterExtension
    static final SharedApp APP = new SharedApp(Backend.SQLITE);

    @Test
    void answersOfEveryKindCarryNosniffAndNoStore() {
        ApiResponse[] answers = {
            APP.client().get("/heroes/"),
            APP.client().get("/heroes/999999"),
            APP.client().get("/nowhere"),
            APP.client().raw("PUT", "/heroes/", "{}", Map.of("Content-Type", "application/json")),
            APP.client().raw("POST", "/heroes/", "{\"name\":1}", Map.of("Content-Type", "application/json")),
        };
        for (ApiResponse answer : answers) {
            assertThat(answer.header("X-Content-Type-Options"))
                    .as(answer.method() + " " + answer.path() + " " + answer.status())
                    .isEqualTo("nosniff");
            assertThat(answer.header("Cache-Control"))
                    .as(answer.method() + " " + answer.path() + " " + answer.status())
                    .isEqualTo("no-store");
        }
        assertThat(answers[1].status()).isEqualTo(404);
        assertThat(answers[3].status()).isEqualTo(405);
        assertThat(answers[4].status()).isEqualTo(422);
    }

    @Test
    void refusalsBeforeRoutingCarryThemToo() {
        RawHttp.Response broken = new RawHttp(APP.client().base().getPort(), Duration.ofSeconds(5))
                .send("GET /heroes/ HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(broken.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theDocsKeepTheirOwnCaching() {
        assertThat(APP.client().get("/openapi.json").header("Cache-Control")).isNotEqualTo("no-store");
    }
}

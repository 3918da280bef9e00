package dev.heroes.http;

import static dev.heroes.support.Fixtures.createHero;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.api.validation.RequestBody;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.RawHttp;
import dev.heroes.support.SharedApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract's routing rules: both slash forms, 404 and 405 bodies, body size, int64 ids. */
class RoutingTest {

    @RegisterExtension
    static final SharedApp APP = new SharedApp(Backend.SQLITE);

    @Test
    void everyPathAnswersWithAndWithoutItsTrailingSlashWithoutRedirecting() {
        long hero = createHero(APP.client(), "Deadpond", null, null);

        for (String path :
                new String[] {"/heroes", "/heroes/", "/teams", "/teams/", "/heroes/" + hero, "/heroes/" + hero + "/"}) {
            ApiResponse response = APP.client().get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.header("Location")).as(path).isNull();
        }
        assertThat(APP.client().raw("POST", "/teams", """
                                {"name":"A"}""", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIsANotFound() {
        for (String path : new String[] {"/", "/hero", "/heroes/1/team", "/teams/1/heroes/2", "/nope"}) {
            ApiResponse response = APP.client().get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("""
                    {"detail":"Not Found"}""");
            assertThat(response.header("Content-Type")).isEqualTo("application/json");
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIsAMethodNotAllowedWithAllow() {
        ApiResponse collection = APP.client().raw("PUT", "/heroes/", "{}", Map.of());
        assertThat(collection.status()).isEqualTo(405);
        assertThat(collection.body()).isEqualTo("""
                {"detail":"Method Not Allowed"}""");
        assertThat(collection.header("Allow")).isEqualTo("GET, POST");

        ApiResponse item = APP.client().raw("POST", "/teams/1", "{}", Map.of());
        assertThat(item.status()).isEqualTo(405);
        assertThat(item.header("Allow")).isEqualTo("DELETE, GET, PATCH");
        assertThat(APP.client().raw("DELETE", "/teams", null, Map.of()).status())
                .isEqualTo(405);
    }

    @Test
    void anIdBeyondInt64IsANotFound() {
        ApiResponse response = APP.client().get("/heroes/9223372036854775808");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("""
                {"detail":"Hero not found"}""");
        assertThat(APP.client().delete("/teams/99999999999999999999999").body()).isEqualTo("""
                        {"detail":"Team not found"}""");
        assertThat(APP.client()
                        .patch("/heroes/99999999999999999999999", Map.of("age", 1))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aBodyOverOneMebibyteIsRefusedWithA413AndStoresNothing() {
        String name = "x".repeat(RequestBody.MAX_BYTES);
        ApiResponse response = APP.client().raw("POST", "/teams/", """
                {"name":"%s"}""".formatted(name), Map.of());

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("detail").asText()).contains("larger than");
        assertThat(APP.client().get("/teams/?limit=100").json())
                .allSatisfy(team -> assertThat(team.get("name").asText()).hasSizeLessThan(100));
    }

    /**
     * A client writes its whole body before it reads the answer: the service reads a refused body
     * to its end before answering, or closing would reset the connection and lose the 413.
     */
    @Test
    void aRefusedBodyIsReadToItsEndSoTheConnectionCarriesOn() {
        RawHttp http = new RawHttp(APP.client().base().getPort(), Duration.ofSeconds(10));
        String body = """
                {"name":"%s"}""".formatted("z".repeat(RequestBody.MAX_BYTES + 500_000));

        RawHttp.Response declared =
                http.send("POST /teams/ HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        String chunkedBody = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        RawHttp.Response chunked =
                http.send("POST /teams/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody);

        for (RawHttp.Response response : List.of(declared, chunked)) {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("""
                    {"detail":"Request body is larger than 1048576 bytes"}""");
            assertThat(response.header("Connection")).isEqualTo("keep-alive");
        }
    }

    @Test
    void aDeclaredLengthFarOverTheLimitIsRefusedUnreadAndClosesTheConnection() {
        RawHttp http = new RawHttp(APP.client().base().getPort(), Duration.ofSeconds(10));

        RawHttp.Response response = http.send("POST /teams/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.closed()).isTrue();
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        String name = "y".repeat(RequestBody.MAX_BYTES - 20);

        ApiResponse response = APP.client().raw("POST", "/teams/", """
                {"name":"%s"}""".formatted(name), Map.of());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("name").asText()).hasSize(name.length());
    }

    @Test
    void aBodyThatIsNotUtf8IsABadRequest() {
        byte[] latin1 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xE9, '"', '}'};

        ApiResponse response = APP.client().rawBytes("POST", "/teams/", latin1, Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("""
                {"detail":"There was an error parsing the body"}""");
    }
}

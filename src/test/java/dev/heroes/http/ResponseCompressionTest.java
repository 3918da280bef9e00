package dev.heroes.http;

import static dev.heroes.db.schema.Tables.HERO;
import static dev.heroes.support.Fixtures.createHero;
import static dev.heroes.support.Fixtures.createTeam;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.db.Database;
import dev.heroes.support.ApiClient;
import dev.heroes.support.ApiResponse;
import dev.heroes.support.Backend;
import dev.heroes.support.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gzip above {@code GZIP_MIN_SIZE}: what a client that asks for it gets, byte for byte the same
 * JSON once decoded, and what one that does not ask, or asks for less, gets instead.
 */
class ResponseCompressionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Database database;
    private static TestServer server;
    private static long team;
    private static long hero;

    @BeforeAll
    static void start() {
        database = Backend.SQLITE.freshDatabase();
        server = TestServer.start(TestServer.freePorts(), database);
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
        team = createTeam(api, "Legion");
        hero = createHero(api, "Deadpond", 30L, team);
        // 2,500 heroes: a team streamed in three batches (250 KB, 18 KB compressed)
        database.writeStatement("test", dsl -> {
            var insert = dsl.insertInto(HERO, HERO.NAME, HERO.SECRET_NAME, HERO.AGE, HERO.TEAM_ID);
            for (int i = 0; i < 2_500; i++) {
                insert = insert.values("Member " + i + " of a rather long-named legion", "s", 20L + i % 50, team);
            }
            return insert.execute();
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        database.close();
    }

    private static HttpResponse<byte[]> get(TestServer on, String path, String acceptEncoding) {
        return get(on.port(), path, acceptEncoding);
    }

    private static HttpResponse<byte[]> get(int port, String path, String acceptEncoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBigAnswerIsCompressedWithItsLengthAndDecodesToTheSameJson() {
        String page = "/teams/?include=heroes&limit=1";
        HttpResponse<byte[]> plain = get(server, page, null);
        HttpResponse<byte[]> zipped = get(server, page, "gzip, deflate, br");

        assertThat(plain.body().length).isGreaterThan(1024);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().allValues("Vary")).contains("Accept-Encoding");
        assertThat(zipped.headers().firstValue("Content-Length")).hasValue(String.valueOf(zipped.body().length));
        assertThat(zipped.body().length).isLessThan(plain.body().length / 4);
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
    }

    @Test
    void aStreamedTeamIsCompressedAsItIsMade() {
        String path = "/teams/" + team;
        HttpResponse<byte[]> plain = get(server, path, null);
        HttpResponse<byte[]> zipped = get(server, path, "gzip");

        assertThat(plain.headers().firstValue("Content-Length")).as("streamed").isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        // under 64 KiB compressed, so held and sent whole
        assertThat(zipped.headers().firstValue("Content-Length")).hasValue(String.valueOf(zipped.body().length));
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
        // the ETag names the team's version whichever encoding carries it
        assertThat(zipped.headers().firstValue("ETag"))
                .isEqualTo(plain.headers().firstValue("ETag"));
    }

    @Test
    void aSmallAnswerIsSentAsItIs() {
        HttpResponse<byte[]> small = get(server, "/heroes/" + hero, "gzip");

        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.headers().allValues("Vary")).doesNotContain("Accept-Encoding");
        assertThat(small.headers().firstValue("Content-Length")).hasValue(String.valueOf(small.body().length));
        assertThat(new String(small.body())).contains("\"name\":\"Deadpond\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0, *", "deflate, gzip;q=0.0"})
    void aClientThatRefusesGzipOrNeverAsksGetsTheBodyAsItIs(String acceptEncoding) {
        HttpResponse<byte[]> response = get(server, "/teams/?include=heroes&limit=1", acceptEncoding);

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body())).startsWith("[{");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "GZIP", "x-gzip", "br;q=1.0, gzip;q=0.5", "identity;q=0.1, *;q=0.5"})
    void anyWayOfAdmittingGzipGetsIt(String acceptEncoding) {
        HttpResponse<byte[]> response = get(server, "/teams/?include=heroes&limit=1", acceptEncoding);

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(gunzip(response.body()))).startsWith("[{");
    }

    @Test
    void aScrapeOfTheMetricsIsCompressedForAScraperThatAsks() {
        HttpResponse<byte[]> plain = get(server.managementPort(), "/observe/metrics", null);
        HttpResponse<byte[]> zipped = get(server.managementPort(), "/observe/metrics", "gzip");

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 4);
        assertThat(new String(gunzip(zipped.body()))).contains("# TYPE http_server_request_duration_seconds histogram");
    }

    @Test
    void writesAreAnsweredAsWithoutAsking() {
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + server.port()));
        Map<String, String> gzip = Map.of("Accept-Encoding", "gzip", "Content-Type", "application/json");
        ApiResponse created = api.raw("POST", "/teams/", "{\"name\":\"Z\",\"headquarters\":\"Q\"}", gzip);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Content-Encoding")).isNull();
        ApiResponse deleted =
                api.raw("DELETE", "/teams/" + created.json().get("id").asLong(), null, gzip);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void offSendsEverythingAsItIs() {
        try (TestServer off = TestServer.start(TestServer.freePorts().withGzipMinSize(0), database)) {
            HttpResponse<byte[]> response = get(off, "/teams/?include=heroes&limit=1", "gzip");

            assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(new String(response.body())).startsWith("[{");
        }
    }
}

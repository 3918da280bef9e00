package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heroes.db.Database;
import dev.heroes.support.Backend;
import dev.heroes.support.RawHttp;
import dev.heroes.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a client can make the transport hold on to before any route runs: a chunk-size or trailer
 * line without end is refused past its limit instead of buffered, and a TLS handshake sent to the
 * plain-HTTP port is refused at once instead of waited on. Either way the answer is a 400 in the
 * contract's JSON, or at least the connection's end, within seconds, and the service goes on
 * serving.
 */
class TransportBoundsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How long an answer may take; without the bounds none comes at all. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    private static final int TWO_MIB = 2 << 20;

    /** What came back on a connection: an answer's bytes, and whether the connection then ended. */
    private record Outcome(String received, boolean ended, long millis) {

        int status() {
            return received.startsWith("HTTP/1.1 ") ? Integer.parseInt(received.substring(9, 12)) : -1;
        }

        String body() {
            int end = received.indexOf("\r\n\r\n");
            return end < 0 ? "" : received.substring(end + 4);
        }
    }

    /**
     * Writes {@code start}, then {@code filler} up to {@code total} bytes on a thread of its own, and
     * reads what comes back meanwhile until the connection ends or {@link #PROMPTLY} has passed.
     * The service may close the connection on bytes still coming: the client then sees a reset,
     * and may lose the answer with it.
     */
    private static Outcome sendWithoutEnd(int port, String start, char filler, int total) throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) PROMPTLY.toMillis());
            byte[] head = start.getBytes(StandardCharsets.US_ASCII);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(head);
                    byte[] block = new byte[16 * 1024];
                    Arrays.fill(block, (byte) filler);
                    for (int sent = head.length; sent < total; sent += block.length) {
                        out.write(block, 0, Math.min(block.length, total - sent));
                    }
                    out.flush();
                } catch (IOException closedByTheService) {
                    // what a bound does: the rest is not read
                }
            });
            Outcome outcome = readUntilTheEnd(socket.getInputStream(), started);
            writer.join(PROMPTLY.toMillis());
            return outcome;
        }
    }

    private static Outcome readUntilTheEnd(InputStream in, long started) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean ended;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException stillOpen) {
                ended = false;
                break;
            } catch (SocketException reset) {
                ended = true;
                break;
            }
            if (n < 0) {
                ended = true;
                break;
            }
            received.write(buffer, 0, n);
        }
        return new Outcome(
                received.toString(StandardCharsets.ISO_8859_1), ended, (System.nanoTime() - started) / 1_000_000);
    }

    /** A 400 with a JSON {@code detail}, or at the least the connection's end, promptly. */
    private static void assertRefusedPromptly(Outcome outcome, String detail) throws IOException {
        assertThat(outcome.ended())
                .as("connection closed within %s ms; received: %s", PROMPTLY.toMillis(), outcome.received())
                .isTrue();
        assertThat(outcome.millis()).isLessThan(PROMPTLY.toMillis());
        if (outcome.status() != -1) {
            assertThat(outcome.status()).as(outcome.received()).isEqualTo(400);
            assertThat(outcome.received()).containsIgnoringCase("Content-Type: application/json");
            assertThat(MAPPER.readTree(outcome.body()).get("detail").asText()).isEqualTo(detail);
        }
    }

    private static void assertStillServes(TestServer server) {
        RawHttp.Response normal =
                new RawHttp(server.port(), Duration.ofSeconds(5)).send("GET /heroes/ HTTP/1.1\nHost: x\n\n");
        assertThat(normal.status()).isEqualTo(200);
        assertThat(normal.body()).isEqualTo("[]");
    }

    private static String chunkedPost(String chunks) {
        return "POST /heroes/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunks;
    }

    @Test
    void aChunkSizeLineWithoutEndIsRefusedPastItsLimit() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database)) {
            // 2 MiB of hex digits, then of an extension, and never a CRLF.
            Outcome digits = sendWithoutEnd(server.port(), chunkedPost(""), 'f', TWO_MIB);
            assertRefusedPromptly(digits, "There was an error parsing the body");
            Outcome extension = sendWithoutEnd(server.port(), chunkedPost("1;name="), 'v', TWO_MIB);
            assertRefusedPromptly(extension, "There was an error parsing the body");

            assertStillServes(server);
        }
    }

    @Test
    void aTrailerLineWithoutEndIsRefusedPastItsLimit() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database)) {
            String hero = "{\"name\":\"x\",\"secret_name\":\"s\"}";
            String chunks = Integer.toHexString(hero.length()) + "\r\n" + hero + "\r\n0\r\nX-Endless: ";

            Outcome trailer = sendWithoutEnd(server.port(), chunkedPost(chunks), 'v', TWO_MIB);

            assertRefusedPromptly(trailer, "There was an error parsing the body");
            assertStillServes(server);
        }
    }

    @Test
    void aTrailerSectionBeyondTheLimitIsRefused() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database)) {
            String hero = "{\"name\":\"x\",\"secret_name\":\"s\"}";
            String field = "X-Some: " + "v".repeat(1_000) + "\r\n";
            String chunks = Integer.toHexString(hero.length()) + "\r\n" + hero + "\r\n0\r\n"
                    + field.repeat(Limits.MAX_HEADER_SECTION_BYTES / field.length() + 1) + "\r\n";

            RawHttp.Response refused = new RawHttp(server.port(), Duration.ofSeconds(5)).send(chunkedPost(chunks));

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.isJson()).isTrue();
            assertThat(MAPPER.readTree(refused.body()).get("detail").asText())
                    .isEqualTo("There was an error parsing the body");
            assertThat(refused.closed()).isTrue();
            assertStillServes(server);
        }
    }

    /** A route that does not read the body: Helidon reads it after the answer, and stops at the bound. */
    @Test
    void aBodyNoRouteReadsStopsAtTheBoundToo() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database)) {
            String get = "GET /heroes/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

            Outcome outcome = sendWithoutEnd(server.port(), get, 'f', TWO_MIB);

            assertThat(outcome.ended()).as(outcome.received()).isTrue();
            assertThat(outcome.millis()).isLessThan(PROMPTLY.toMillis());
            assertStillServes(server);
        }
    }

    @Test
    void aTlsHandshakeOnThePlainPortIsRefusedAtOnce() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.start(database)) {
            // A ClientHello's start: a handshake record (0x16) of TLS 1.0's record version, 165
            // bytes long, holding a ClientHello (1) of 161 bytes, for TLS 1.2 (3 3), and its random.
            // The random holds no CR or LF: Helidon would refuse a lone one at once, and the
            // handshake a client sends is mostly without.
            byte[] random = new byte[32];
            new Random(25).nextBytes(random);
            for (int i = 0; i < random.length; i++) {
                if (random[i] == '\r' || random[i] == '\n') {
                    random[i] = 0x2a;
                }
            }
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            hello.write(HexFormat.of().parseHex("16030100a5010000a10303"));
            hello.write(random);

            long started = System.nanoTime();
            Outcome outcome;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout((int) PROMPTLY.toMillis());
                socket.getOutputStream().write(hello.toByteArray());
                socket.getOutputStream().flush();
                outcome = readUntilTheEnd(socket.getInputStream(), started);
            }

            assertRefusedPromptly(outcome, "Bad Request: " + ChunkedFraming.TLS_ON_PLAIN_PORT);
            // All of it was read before the answer, so nothing is lost to a reset: the 400 is there.
            assertThat(outcome.status()).as(outcome.received()).isEqualTo(400);
            assertThat(outcome.received()).containsIgnoringCase("Connection: close");
            assertStillServes(server);
        }
    }
}

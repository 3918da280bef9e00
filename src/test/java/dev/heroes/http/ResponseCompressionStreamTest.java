package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The threshold stream alone: whatever the writes' sizes, the body decodes to what was written. */
class ResponseCompressionStreamTest {

    /** Counts what reaches the response, and whether it was flushed before its end. */
    private static final class Response extends ByteArrayOutputStream {
        int writes;
        boolean flushed;
        boolean closed;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Property(tries = 200)
    void anyBodyWrittenInAnyPiecesArrivesWhole(
            @ForAll @IntRange(min = 0, max = 300_000) int size,
            @ForAll @IntRange(min = 1, max = 20_000) int piece,
            @ForAll @IntRange(min = 1, max = 4096) int minSize,
            @ForAll boolean random)
            throws IOException {
        byte[] body = body(size, random);
        ServerResponseHeaders headers = ServerResponseHeaders.create();
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
        Response response = new Response();
        try (ResponseCompression.AboveThreshold out =
                new ResponseCompression.AboveThreshold(response, headers, minSize)) {
            for (int at = 0; at < size; at += piece) {
                out.write(body, at, Math.min(piece, size - at));
                out.flush();
            }
        }

        assertThat(response.closed).isTrue();
        boolean compressed = headers.contains(HeaderNames.CONTENT_ENCODING);
        assertThat(compressed).isEqualTo(size >= minSize);
        byte[] sent = response.toByteArray();
        assertThat(compressed ? gunzip(sent) : sent).isEqualTo(body);
        if (compressed) {
            assertThat(headers.get(HeaderNames.VARY).allValues()).contains("Accept-Encoding");
            // nothing pushed early: a compressed body up to 64 KiB reaches the response in one piece
            assertThat(response.flushed).isFalse();
            if (sent.length <= 64 * 1024) {
                assertThat(response.writes).isEqualTo(1);
            }
        }
    }

    @Property(tries = 20)
    void aTypeNotWorthCompressingIsSentAsItIs(@ForAll @IntRange(min = 2048, max = 20_000) int size) throws IOException {
        byte[] body = body(size, true);
        ServerResponseHeaders headers = ServerResponseHeaders.create();
        headers.set(HeaderValues.create(HeaderNames.CONTENT_TYPE, "image/png"));
        Response response = new Response();
        try (ResponseCompression.AboveThreshold out = new ResponseCompression.AboveThreshold(response, headers, 1024)) {
            out.write(body);
        }

        assertThat(headers.contains(HeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(response.toByteArray()).isEqualTo(body);
    }

    private static byte[] body(int size, boolean random) {
        byte[] body = new byte[size];
        if (random) {
            new Random(size).nextBytes(body);
        } else {
            byte[] json = "{\"name\":\"Deadpond\",\"age\":30,\"id\":1,\"team_id\":1},".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < size; i++) {
                body[i] = json[i % json.length];
            }
        }
        return body;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }
}

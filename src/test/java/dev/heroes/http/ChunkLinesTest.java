package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.http.ChunkedFraming.ChunkLines;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The chunked framing's lines as {@link ChunkLines} reads them off a connection: up to their limits
 * and not a byte's read further (but for the rest of the socket read that crossed it), whatever a
 * client keeps sending.
 */
class ChunkLinesTest {

    /** What a socket hands the reader at a time. */
    private static final int READ = 1024;

    /** A connection whose client sends {@code start}, then {@code filler} without end, a read at a time. */
    private static final class Endless {
        private final byte[] start;
        private final byte filler;
        private long handedOut;

        Endless(String start, char filler) {
            this.start = start.getBytes(StandardCharsets.US_ASCII);
            this.filler = (byte) filler;
        }

        byte[] next() {
            byte[] bytes = new byte[READ];
            Arrays.fill(bytes, filler);
            if (handedOut < start.length) {
                System.arraycopy(start, (int) handedOut, bytes, 0, (int) Math.min(READ, start.length - handedOut));
            }
            handedOut += READ;
            return bytes;
        }

        ChunkLines lines() {
            return new ChunkLines(new DataReader(this::next));
        }
    }

    private static ChunkLines lines(String sent) {
        byte[] bytes = sent.getBytes(StandardCharsets.US_ASCII);
        boolean[] given = {false};
        return new ChunkLines(new DataReader(() -> {
            if (given[0]) {
                return null;
            }
            given[0] = true;
            return bytes;
        }));
    }

    private static void assertRefused(ThrowingRead read, String message) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(RequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(Status.BAD_REQUEST_400);
                    assertThat(e.keepAlive()).isFalse();
                })
                .hasMessage(message);
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run();
    }

    @Test
    void aChunkSizeLineUpToTheLimitIsRead() {
        String extension = ";x=" + "y".repeat(Limits.MAX_CHUNK_SIZE_LINE_BYTES - 4);
        ChunkLines lines = lines("a" + extension + "\r\n" + "0\r\n\r\n");

        assertThat(("a" + extension).length()).isEqualTo(Limits.MAX_CHUNK_SIZE_LINE_BYTES);
        assertThat(lines.readLine()).isEqualTo("a");
    }

    @Test
    void aChunkSizeLineBeyondTheLimitIsRefusedWithoutReadingOn() {
        Endless hexDigits = new Endless("", 'f');
        assertRefused(
                () -> hexDigits.lines().readLine(),
                "Chunk-size line of the chunked body is longer than " + Limits.MAX_CHUNK_SIZE_LINE_BYTES + " bytes");
        assertThat(hexDigits.handedOut).isLessThanOrEqualTo(Limits.MAX_CHUNK_SIZE_LINE_BYTES + READ);

        Endless extension = new Endless("1;name=", 'v');
        assertRefused(
                () -> extension.lines().readLine(),
                "Chunk-size line of the chunked body is longer than " + Limits.MAX_CHUNK_SIZE_LINE_BYTES + " bytes");
        assertThat(extension.handedOut).isLessThanOrEqualTo(Limits.MAX_CHUNK_SIZE_LINE_BYTES + READ);

        // One byte over, with its CRLF right after.
        String over = "1;" + "x".repeat(Limits.MAX_CHUNK_SIZE_LINE_BYTES - 1);
        assertRefused(
                () -> lines(over + "\r\n").readLine(),
                "Chunk-size line of the chunked body is longer than " + Limits.MAX_CHUNK_SIZE_LINE_BYTES + " bytes");
    }

    @Test
    void trailerLinesUpToTheirLimitsAreSkipped() {
        String field = "X-T: " + "v".repeat(Limits.MAX_TRAILER_LINE_BYTES - 5);
        ChunkLines one = lines("0\r\n" + field + "\r\n\r\n");
        assertThat(one.readLine()).isEqualTo("0");
        assertThat(one.readLine()).isEmpty();

        // Fields of 1,022 bytes, 1,024 with their CRLF: the section is full with 16 of them.
        String small = "X-S: " + "v".repeat(1_017);
        int fit = Limits.MAX_HEADER_SECTION_BYTES / (small.length() + 2);
        ChunkLines many = lines("0\r\n" + (small + "\r\n").repeat(fit) + "\r\n");
        assertThat(many.readLine()).isEqualTo("0");
        assertThat(many.readLine()).isEmpty();
    }

    @Test
    void aTrailerLineBeyondItsLimitIsRefusedWithoutReadingOn() {
        Endless trailer = new Endless("0\r\nX-Endless: ", 'v');
        ChunkLines lines = trailer.lines();
        assertThat(lines.readLine()).isEqualTo("0");

        assertRefused(
                lines::readLine,
                "Trailer line of the chunked body is longer than " + Limits.MAX_TRAILER_LINE_BYTES + " bytes");
        assertThat(trailer.handedOut).isLessThanOrEqualTo(Limits.MAX_TRAILER_LINE_BYTES + 2L * READ);
    }

    @Test
    void aTrailerSectionBeyondTheHeaderSectionLimitIsRefused() {
        String small = "X-S: " + "v".repeat(1_017);
        int fit = Limits.MAX_HEADER_SECTION_BYTES / (small.length() + 2);
        ChunkLines lines = lines("0\r\n" + (small + "\r\n").repeat(fit + 1) + "\r\n");
        assertThat(lines.readLine()).isEqualTo("0");

        assertRefused(
                lines::readLine,
                "Trailer section of the chunked body is longer than " + Limits.MAX_HEADER_SECTION_BYTES + " bytes");
    }

    @Test
    void aTlsHandshakeIsRefusedAtTheFirstLineOnly() {
        ChunkLines tls = lines("\u0016\u0003\u0001\u0000\u00a5");
        assertRefused(() -> tls.findNewLine(8192), ChunkedFraming.TLS_ON_PLAIN_PORT);

        ChunkLines http = lines("GET / HTTP/1.1\r\n\u0016x\r\n");
        assertThat(http.findNewLine(8192)).isEqualTo(14);
        http.skip(16);
        // Further on, the byte is Helidon's to judge.
        assertThat(http.findNewLine(8192)).isEqualTo(2);
    }
}

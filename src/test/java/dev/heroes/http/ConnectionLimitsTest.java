package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heroes.db.Database;
import dev.heroes.support.Backend;
import dev.heroes.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code MAX_CONNECTIONS} and {@code IDLE_TIMEOUT} on the API's listener: past the cap a connection
 * is not refused but waits, unserved, in the kernel's accept queue until an open one ends; and a
 * connection without a request for the timeout is closed by the service.
 */
class ConnectionLimitsTest {

    private static final byte[] GET = "GET /heroes/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A keep-alive connection to the service, one request and its answer at a time. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;

        Connection(int port) throws IOException {
            this.socket = new Socket("127.0.0.1", port);
        }

        void send() throws IOException {
            socket.getOutputStream().write(GET);
            socket.getOutputStream().flush();
        }

        /** The status of the answer that comes within {@code timeout}; its body is read and dropped. */
        int answer(Duration timeout) throws IOException {
            socket.setSoTimeout((int) timeout.toMillis());
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before an answer: " + head);
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = Integer.parseInt(text.replaceFirst("(?is).*\r\ncontent-length: *(\\d+)\r\n.*", "$1"));
            in.readNBytes(length);
            return Integer.parseInt(text.substring(9, 12));
        }

        int request(Duration timeout) throws IOException {
            send();
            return answer(timeout);
        }

        /** Milliseconds until the service closes the connection, waiting at most {@code timeout}. */
        long millisUntilClosed(Duration timeout) throws IOException {
            long started = System.nanoTime();
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            } catch (SocketException reset) {
                // closed too
            }
            return (System.nanoTime() - started) / 1_000_000;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void pastMaxConnectionsAConnectionWaitsUntilAnOpenOneEnds() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.withConnections(database, 2, Duration.ofSeconds(60));
                Connection first = new Connection(server.port());
                Connection second = new Connection(server.port());
                Connection third = new Connection(server.port())) {
            // Both accepted and served (in this order, so that the third comes last); both stay open.
            assertThat(first.request(Duration.ofSeconds(5))).isEqualTo(200);
            assertThat(second.request(Duration.ofSeconds(5))).isEqualTo(200);

            // The kernel completed the third's handshake, and its request is sent: Helidon does not
            // accept it while two are open, so nothing answers it, and it is not refused either.
            third.send();
            assertThatThrownBy(() -> third.answer(Duration.ofMillis(1_500))).isInstanceOf(SocketTimeoutException.class);
            assertThat(second.request(Duration.ofSeconds(5))).isEqualTo(200);

            first.close();

            // Accepted once the first has ended; served as if it had never waited.
            assertThat(third.answer(Duration.ofSeconds(5))).isEqualTo(200);
            assertThat(third.request(Duration.ofSeconds(5))).isEqualTo(200);
        }
    }

    @Test
    void aConnectionWithoutARequestForTheIdleTimeoutIsClosed() throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer server = TestServer.withConnections(database, 10, Duration.ofSeconds(2));
                Connection used = new Connection(server.port());
                Connection silent = new Connection(server.port())) {
            assertThat(used.request(Duration.ofSeconds(5))).isEqualTo(200);

            // Two seconds, a check every second, and Helidon's clock that moves by the second:
            // closed after one to four seconds, whether it sent a request before or never a byte.
            assertThat(used.millisUntilClosed(Duration.ofSeconds(8))).isBetween(1_000L, 5_000L);
            assertThat(silent.millisUntilClosed(Duration.ofSeconds(8))).isLessThan(5_000L);

            // A connection that keeps asking within the timeout stays open.
            try (Connection busy = new Connection(server.port())) {
                for (int i = 0; i < 8; i++) {
                    assertThat(busy.request(Duration.ofSeconds(5))).isEqualTo(200);
                    Thread.sleep(400);
                }
            }
        }
    }
}

package dev.heroes.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes written to the service over a plain socket, for what no HTTP client would send: broken
 * request lines, raw bytes in a path, bad chunked framing, a half-closed connection.
 */
public final class RawHttp {

    private final String host;
    private final int port;
    private final Duration timeout;

    public RawHttp(int port, Duration timeout) {
        this.host = "127.0.0.1";
        this.port = port;
        this.timeout = timeout;
    }

    /** One answer, as read off the socket. */
    public record Response(int status, Map<String, String> headers, String body, long millis, boolean closed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean isJson() {
            return "application/json".equals(header("Content-Type"));
        }
    }

    /** Thrown when no complete answer came within the timeout, or the connection ended without one. */
    public static final class NoAnswer extends RuntimeException {
        NoAnswer(String message, byte[] received) {
            super(message + " (received: " + new String(received, StandardCharsets.ISO_8859_1) + ")");
        }
    }

    /** Sends {@code request} and reads the first answer. */
    public Response send(byte[] request) {
        return send(request, false);
    }

    /** Sends {@code request}, then closes the sending half of the connection if asked, and reads the first answer. */
    public Response send(byte[] request, boolean halfClose) {
        long started = System.nanoTime();
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException refusedEarly) {
                // The service may answer and close before reading everything sent (a body too large):
                // the answer is still there to read.
            }
            return read(socket.getInputStream(), started);
        } catch (SocketTimeoutException e) {
            throw new NoAnswer("no answer within " + timeout.toMillis() + " ms", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Short for a request text; a {@code \n} without its {@code \r} is sent as CRLF, and the text as UTF-8. */
    public Response send(String request) {
        return send(request.replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private Response read(InputStream in, long started) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int headerEnd = -1;
        byte[] buffer = new byte[8192];
        while (headerEnd < 0) {
            int n = readSome(in, buffer, received);
            if (n < 0) {
                throw new NoAnswer("connection closed before an answer's header section", received.toByteArray());
            }
            headerEnd = indexOf(received.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] all = received.toByteArray();
        String head = new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        if (status == 100) {
            // An interim answer: the final one follows.
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            rest.write(all, headerEnd + 4, all.length - headerEnd - 4);
            return read(
                    new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(rest.toByteArray()), in), started);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, headerEnd + 4, all.length - headerEnd - 4);
        while (body.size() < length) {
            int n = readSome(in, buffer, body);
            if (n < 0) {
                throw new NoAnswer("connection closed inside an answer's body", body.toByteArray());
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        boolean closed = "close".equalsIgnoreCase(headers.get("connection")) && endsSoon(in);
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8), millis, closed);
    }

    /** Whether the service closes the connection after its answer (read returns end of stream). */
    private static boolean endsSoon(InputStream in) {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static int readSome(InputStream in, byte[] buffer, ByteArrayOutputStream to) throws IOException {
        int n;
        try {
            n = in.read(buffer);
        } catch (java.net.SocketException reset) {
            return -1;
        }
        if (n > 0) {
            to.write(buffer, 0, n);
        }
        return n;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

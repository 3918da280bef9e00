package dev.heroes.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataListener;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.buffers.LazyString;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.DirectHandler;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.Charset;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Helidon's HTTP/1.1 connections, reading chunked request bodies as RFC 9112 (section 7.1) writes
 * them. Helidon 4.5 reads a chunk-size line as a bare hex number, so a chunk extension
 * ({@code d;name=value}, which a client may send and a server must ignore) fails the request, and
 * it takes the line after the last chunk for the end of the body, so a trailer field fails it too.
 * Here each connection reads through a {@link DataReader} that hands Helidon the chunk-size line
 * without its extensions, and the end of the body without the trailer fields (which the service
 * does not use). Helidon reads lines ({@link DataReader#readLine()}) for nothing else: the request
 * line and headers are read by length.
 *
 * <p>Helidon's {@code readLine()} looks for the line's end without a limit, so a client sending
 * bytes without a CRLF where a chunk-size or trailer line is expected would be buffered for as long
 * as it sends. Here those lines are read with {@link Limits#MAX_CHUNK_SIZE_LINE_BYTES}, {@link
 * Limits#MAX_TRAILER_LINE_BYTES} and the trailer section with {@link
 * Limits#MAX_HEADER_SECTION_BYTES}: past one, a {@code RequestException} (400, connection closed).
 * A route reading the body ({@code RequestBody}) answers it "There was an error parsing the body",
 * as any broken framing, and closes the connection; one letting it escape is answered by Helidon
 * through {@link TransportErrors}; a body no route reads is read by Helidon after the answer
 * ({@code Http1Connection.consumeEntity}), which closes the connection at the bound.
 *
 * <p>A TLS ClientHello sent to this plain-HTTP port is answered 400 at once: Helidon 4.5 would take
 * its bytes for the start of a request line and wait for a CRLF among the next 8 KiB, while the
 * client waits for the server's hello, until the idle timeout. Helidon's selector is never asked
 * (ConnectionHandler.identifyConnection takes the only selector a listener has without looking at
 * the bytes), so the check is on the first byte the connection reads: a request line never begins
 * with 0x16, a TLS handshake record always does.
 *
 * <p>Upstream: no issue found as of 2026-12; {@code Http1Connection} still parses the whole line
 * as the size ({@code ParserHelper.parseNonNegative}) and wants an empty line after the last chunk
 * in 4.5.3 and on the 4.x and main branches. This selector can go (and HeroesApp adds Helidon's own
 * HTTP/1 selector again) when Helidon ignores chunk extensions and reads a trailer section itself:
 * {@code HostileInputTest.chunkExtensionsAndTrailersAreAccepted} then passes without it.
 */
public final class ChunkedFraming implements ServerConnectionSelector {

    /** The first byte of a TLS record carrying a handshake (RFC 8446, 5.1): a ClientHello's first. */
    static final byte TLS_HANDSHAKE_RECORD = 0x16;

    static final String TLS_ON_PLAIN_PORT =
            "this port speaks plain HTTP, and a TLS handshake was sent to it: use http://, not https://";

    private final Http1ConnectionSelector http1;

    public ChunkedFraming(Http1Config config) {
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData request) {
        return http1.supports(request);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return http1.connection(new Context(ctx, new ChunkLines(ctx.dataReader())));
    }

    /**
     * The connection's own reader, every call passed on to it, but for the lines of a chunked body's
     * framing. It buffers nothing of its own: the bytes stay in the connection's reader.
     */
    static final class ChunkLines extends DataReader {

        private final DataReader connection;
        private boolean connectionStart = true;
        private boolean lastChunkRead;

        ChunkLines(DataReader connection) {
            super(() -> {
                throw new IllegalStateException("ChunkLines reads through the connection's reader");
            });
            this.connection = connection;
        }

        @Override
        public int available() {
            return connection.available();
        }

        @Override
        public void pullData() {
            connection.pullData();
        }

        @Override
        public void skip(int lenToSkip) {
            connection.skip(lenToSkip);
        }

        @Override
        public void ensureAvailable() {
            connection.ensureAvailable();
        }

        @Override
        public byte read() {
            return connection.read();
        }

        @Override
        public byte lookup() {
            return connection.lookup();
        }

        @Override
        public boolean startsWithNewLine() {
            return connection.startsWithNewLine();
        }

        @Override
        public boolean startsWith(byte[] prefix) {
            return connection.startsWith(prefix);
        }

        @Override
        public BufferData readBuffer() {
            return connection.readBuffer();
        }

        @Override
        public BufferData readBuffer(int length) {
            return connection.readBuffer(length);
        }

        @Override
        public BufferData getBuffer(int length) {
            return connection.getBuffer(length);
        }

        @Override
        public LazyString readLazyString(Charset charset, int len) {
            return connection.readLazyString(charset, len);
        }

        @Override
        public String readAsciiString(int len) {
            return connection.readAsciiString(len);
        }

        @Override
        public byte[] readBytes(int len) {
            return connection.readBytes(len);
        }

        @Override
        public int findOrNewLine(byte b, int max) throws IncorrectNewLineException {
            return connection.findOrNewLine(b, max);
        }

        /**
         * Helidon's request-line parser looks for the line's end with this, first thing on a
         * connection; the first time, a TLS handshake is refused at once instead (see the class
         * comment).
         */
        @Override
        public int findNewLine(int max) throws IncorrectNewLineException {
            if (connectionStart) {
                connectionStart = false;
                if (connection.lookup() == TLS_HANDSHAKE_RECORD) {
                    throw RequestException.builder()
                            .type(DirectHandler.EventType.BAD_REQUEST)
                            .status(Status.BAD_REQUEST_400)
                            .setKeepAlive(false)
                            .message(TLS_ON_PLAIN_PORT)
                            .build();
                }
            }
            return connection.findNewLine(max);
        }

        @Override
        public String debugDataHex() {
            return connection.debugDataHex();
        }

        @Override
        public <T> void listener(DataListener<T> listener, T context) {
            connection.listener(listener, context);
        }

        @Override
        public String readLine() {
            if (lastChunkRead) {
                // After "0": trailer fields, if any, then the empty line that ends the body.
                lastChunkRead = false;
                skipTrailerSection();
                return "";
            }
            int length = lineLength(Limits.MAX_CHUNK_SIZE_LINE_BYTES);
            if (length < 0) {
                throw tooLong("Chunk-size line", Limits.MAX_CHUNK_SIZE_LINE_BYTES);
            }
            String line = connection.readAsciiString(length);
            connection.skip(2);
            String size = withoutExtensions(line);
            lastChunkRead = isZero(size);
            return size;
        }

        /**
         * Reads the trailer field lines up to the empty line that ends the body, each at most
         * {@link Limits#MAX_TRAILER_LINE_BYTES}, all of them with their CRLFs at most
         * {@link Limits#MAX_HEADER_SECTION_BYTES}.
         */
        private void skipTrailerSection() {
            int section = 0;
            while (true) {
                int room = Limits.MAX_HEADER_SECTION_BYTES - section;
                int length = lineLength(Math.min(Limits.MAX_TRAILER_LINE_BYTES, room));
                if (length < 0) {
                    throw room < Limits.MAX_TRAILER_LINE_BYTES
                            ? tooLong("Trailer section", Limits.MAX_HEADER_SECTION_BYTES)
                            : tooLong("Trailer line", Limits.MAX_TRAILER_LINE_BYTES);
                }
                connection.skip(length + 2);
                if (length == 0) {
                    return;
                }
                section += length + 2;
            }
        }

        /**
         * The length of the line ahead, without its CRLF, or -1 when it is longer than {@code max}.
         * {@link DataReader#findNewLine} pulls data from the socket until it finds a CRLF or has
         * looked at {@code max + 1} bytes, so no more than that (and the rest of the last read) is
         * ever buffered for a line; {@link DataReader#readLine()} looks without a limit.
         */
        private int lineLength(int max) {
            int length = connection.findNewLine(max + 1);
            return length > max ? -1 : length;
        }

        /** 400, and the connection closed: the rest of the body cannot be found after it. */
        private static RequestException tooLong(String what, int limit) {
            return RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .message(what + " of the chunked body is longer than " + limit + " bytes")
                    .build();
        }

        /** "1a;name=value" is "1a"; a line that is no chunk size is left for Helidon to refuse. */
        static String withoutExtensions(String line) {
            int semicolon = line.indexOf(';');
            if (semicolon <= 0) {
                return line;
            }
            String size = line.substring(0, semicolon).stripTrailing();
            for (int i = 0; i < size.length(); i++) {
                if (!HexFormat.isHexDigit(size.charAt(i))) {
                    return line;
                }
            }
            return size.isEmpty() ? line : size;
        }

        private static boolean isZero(String size) {
            if (size.isEmpty()) {
                return false;
            }
            for (int i = 0; i < size.length(); i++) {
                if (size.charAt(i) != '0') {
                    return false;
                }
            }
            return true;
        }
    }

    /** The connection's context, with the reader above instead of its own. */
    private record Context(ConnectionContext connection, DataReader dataReader) implements ConnectionContext {

        @Override
        public ListenerContext listenerContext() {
            return connection.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return connection.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return connection.dataWriter();
        }

        @Override
        public Router router() {
            return connection.router();
        }

        @Override
        public java.util.Optional<io.helidon.webserver.ProxyProtocolData> proxyProtocolData() {
            return connection.proxyProtocolData();
        }

        @Override
        public io.helidon.common.socket.HelidonSocket serverSocket() {
            return connection.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return connection.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return connection.localPeer();
        }

        @Override
        public boolean isSecure() {
            return connection.isSecure();
        }

        @Override
        public String socketId() {
            return connection.socketId();
        }

        @Override
        public String childSocketId() {
            return connection.childSocketId();
        }
    }
}

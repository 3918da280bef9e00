package dev.heroes.http;

/** The sizes past which a request is refused, in one place (README: "Limits and failure behaviour"). */
public final class Limits {

    /** The request line (method, path with query, version): past it, 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

    /** All header lines together: past it, 431. */
    public static final int MAX_HEADER_SECTION_BYTES = 16 * 1024;

    /**
     * A chunk-size line of a chunked request body, its extensions included, without its CRLF: past
     * it, 400 and the connection closed. Helidon reads these lines without a limit, so a client
     * sending bytes without a line end would be buffered for as long as it sends (ChunkedFraming).
     */
    public static final int MAX_CHUNK_SIZE_LINE_BYTES = 4 * 1024;

    /**
     * One trailer field line after a chunked body's last chunk, without its CRLF: past it, 400 and
     * the connection closed. The trailer section as a whole, its CRLFs included, may take
     * {@link #MAX_HEADER_SECTION_BYTES}, as the header section does.
     */
    public static final int MAX_TRAILER_LINE_BYTES = 8 * 1024;

    private Limits() {}
}

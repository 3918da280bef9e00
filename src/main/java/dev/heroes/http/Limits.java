package dev.heroes.http;

/** The sizes past which a request is refused, in one place (README: "Limits and failure behaviour"). */
public final class Limits {

    /** The request line (method, path with query, version): past it, 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;

    /** All header lines together: past it, 431. */
    public static final int MAX_HEADER_SECTION_BYTES = 16 * 1024;

    private Limits() {}
}

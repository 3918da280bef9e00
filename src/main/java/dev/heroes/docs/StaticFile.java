package dev.heroes.docs;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One file served at one fixed route, with the validators a browser caches it by. The route names
 * the file, never the request: no part of a request path reaches the class loader, so nothing
 * outside the chosen files can be served.
 *
 * <p>Each answer carries an {@code ETag} (a digest of the bytes), a {@code Last-Modified} (the
 * file's time in the artifact) and a {@code Cache-Control} of its {@link Freshness}; a conditional
 * GET whose {@code If-None-Match} or {@code If-Modified-Since} still holds is a 304 without a body
 * (RFC 9110, 13.1 and 15.4.5), so a browser that has the megabytes of a UI bundle never fetches them
 * twice.
 */
final class StaticFile implements Handler {

    static final String HTML = "text/html; charset=utf-8";
    static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    static final String CSS = "text/css; charset=utf-8";
    static final String PNG = "image/png";
    static final String JSON = "application/json";

    /** How long a browser may use its copy without asking again. */
    enum Freshness {
        /** The route names the file's version, so its bytes never change: keep it a year, never ask. */
        IMMUTABLE("public, max-age=31536000, immutable"),
        /** The route stays while a release changes the bytes: ask each time, a 304 while unchanged. */
        REVALIDATE("no-cache");

        private final Header header;

        Freshness(String cacheControl) {
            header = HeaderValues.create(HeaderNames.CACHE_CONTROL, cacheControl);
        }
    }

    /** The bytes as served, with the validators derived from them once. */
    private record Representation(
            byte[] bytes, String entityTag, Header etag, Instant lastModified, Header lastModifiedHeader) {

        static Representation of(byte[] bytes, Instant lastModified) {
            String entityTag = "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 16) + "\"";
            Instant seconds = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
            Header lastModifiedHeader = seconds == null
                    ? null
                    : HeaderValues.create(
                            HeaderNames.LAST_MODIFIED,
                            DateTimeFormatter.RFC_1123_DATE_TIME.format(seconds.atZone(ZoneOffset.UTC)));
            return new Representation(
                    bytes, entityTag, HeaderValues.create(HeaderNames.ETAG, entityTag), seconds, lastModifiedHeader);
        }
    }

    private final Supplier<Representation> source;
    private final Header contentType;
    private final Freshness freshness;
    // Two first requests at once may both read the file; both read the same bytes, so no lock.
    private volatile Representation representation;

    private StaticFile(Supplier<Representation> source, String contentType, Freshness freshness) {
        this.source = source;
        this.contentType = HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType);
        this.freshness = freshness;
    }

    /**
     * A file of the artifact, read on the first request rather than at start-up, because the UI
     * bundles are megabytes that most runs never ask for.
     *
     * @param resource absolute classpath name of the file, checked now so a missing one fails
     *                 start-up rather than a request
     * @param edit     what to change in the bytes before they are served ({@code UnaryOperator.identity()} for nothing)
     */
    static StaticFile resource(String resource, String contentType, Freshness freshness, UnaryOperator<byte[]> edit) {
        URL url = locate(resource);
        return new StaticFile(
                () -> Representation.of(edit.apply(read(resource)), lastModified(url)), contentType, freshness);
    }

    /** Bytes made at start-up (a page or the document), last modified when {@code lastModified} says. */
    static StaticFile bytes(byte[] bytes, Instant lastModified, String contentType, Freshness freshness) {
        Representation representation = Representation.of(bytes, lastModified);
        return new StaticFile(() -> representation, contentType, freshness);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Representation current = representation();
        res.header(current.etag());
        if (current.lastModifiedHeader() != null) {
            res.header(current.lastModifiedHeader());
        }
        res.header(freshness.header);
        if (notModified(req.headers(), current)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(contentType);
        res.send(current.bytes());
    }

    byte[] bytes() {
        return representation().bytes();
    }

    private Representation representation() {
        Representation read = representation;
        if (read == null) {
            read = source.get();
            representation = read;
        }
        return read;
    }

    /**
     * RFC 9110, 13.2.2: {@code If-None-Match} decides when present (weak comparison, {@code *} matches
     * any); otherwise {@code If-Modified-Since}, when it is a valid date.
     */
    private static boolean notModified(Headers headers, Representation current) {
        if (headers.contains(HeaderNames.IF_NONE_MATCH)) {
            for (String value : headers.get(HeaderNames.IF_NONE_MATCH).allValues()) {
                for (String tag : value.split(",")) {
                    String trimmed = tag.strip();
                    if (trimmed.equals("*") || opaque(trimmed).equals(current.entityTag())) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (current.lastModified() != null && headers.contains(HeaderNames.IF_MODIFIED_SINCE)) {
            try {
                Instant since = ZonedDateTime.parse(
                                headers.get(HeaderNames.IF_MODIFIED_SINCE).get(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return !current.lastModified().isAfter(since);
            } catch (DateTimeParseException e) {
                return false; // an invalid date is ignored (RFC 9110, 13.1.3)
            }
        }
        return false;
    }

    private static String opaque(String entityTag) {
        return entityTag.startsWith("W/") ? entityTag.substring(2) : entityTag;
    }

    private static URL locate(String resource) {
        URL url = StaticFile.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing from the classpath: " + resource);
        }
        return url;
    }

    /** The file's time in the jar (or on disk), or {@code null} when it has none. */
    static Instant lastModified(String resource) {
        return lastModified(locate(resource));
    }

    private static Instant lastModified(URL url) {
        try {
            long millis = url.openConnection().getLastModified();
            return millis > 0 ? Instant.ofEpochMilli(millis) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static byte[] read(String resource) {
        try (InputStream in = StaticFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.heroes.docs;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One file of the artifact served at one fixed route. The route names the file, never the request:
 * no part of a request path reaches the class loader, so nothing outside the chosen files can be
 * served. The bytes are read on the first request, not at start-up, because the UI bundles are
 * megabytes that most runs never ask for.
 */
final class StaticFile implements Handler {

    static final String HTML = "text/html; charset=utf-8";
    static final String JAVASCRIPT = "application/javascript; charset=utf-8";
    static final String CSS = "text/css; charset=utf-8";
    static final String PNG = "image/png";

    private final String resource;
    private final Header contentType;
    // Two first requests at once may both read the file; both read the same bytes, so no lock.
    private volatile byte[] bytes;

    /**
     * @param resource    absolute classpath name of the file, checked now so a missing one fails
     *                    start-up rather than a request
     * @param contentType the media type to answer with
     */
    StaticFile(String resource, String contentType) {
        if (StaticFile.class.getResource(resource) == null) {
            throw new IllegalStateException("missing from the classpath: " + resource);
        }
        this.resource = resource;
        this.contentType = HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(contentType);
        res.send(bytes());
    }

    byte[] bytes() {
        byte[] read = bytes;
        if (read == null) {
            read = read(resource);
            bytes = read;
        }
        return read;
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
}

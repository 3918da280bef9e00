package dev.heroes.api;

import dev.heroes.model.Resource;
import dev.heroes.model.Versioned;
import dev.heroes.model.WriteOutcome;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.function.Supplier;

/**
 * Turns a {@link WriteOutcome} into HTTP: the written row, sent with its {@code ETag}, or the
 * refusal's status: 404, 412 when {@code If-Match} names another version, or the caller's error for
 * a referenced row that does not exist.
 */
public final class WriteResponses {

    private WriteResponses() {}

    /**
     * @param resource          the written row's kind, for the error details
     * @param missingReference  the error for a referenced row that does not exist
     */
    public static <T> Versioned<T> orElseThrow(
            WriteOutcome<T> outcome, Resource resource, Supplier<RuntimeException> missingReference) {
        return switch (outcome) {
            case Versioned<T> versioned -> versioned;
            case WriteOutcome.NotFound<T> notFound -> throw HttpError.notFound(resource);
            case WriteOutcome.VersionMismatch<T> mismatch -> throw HttpError.changed(resource);
            case WriteOutcome.MissingReference<T> missing -> throw missingReference.get();
        };
    }

    /** A refusal for writes that reference no other row. */
    public static <T> Versioned<T> orElseThrow(WriteOutcome<T> outcome, Resource resource) {
        return orElseThrow(outcome, resource, () -> new IllegalStateException("no reference to miss"));
    }

    /**
     * For GET of one row: whether the request's {@code If-None-Match} names {@code version}, the
     * client holding the row as it is; then {@code 304 Not Modified} has been sent, with the row's
     * {@code ETag} and no body, and the caller sends nothing more.
     */
    public static boolean sentNotModified(ServerRequest request, ServerResponse response, long version) {
        if (!IfNoneMatch.holds(request, version)) {
            return false;
        }
        notModified(response, version);
        return true;
    }

    private static void notModified(ServerResponse response, long version) {
        response.header(HeaderNames.ETAG, IfMatch.etag(version));
        response.status(Status.NOT_MODIFIED_304);
        response.send();
    }

    /** Sends {@code row}'s value with its {@code ETag}, for GET, POST and PATCH of one row. */
    public static void sendTagged(Json json, ServerResponse response, Versioned<?> row) {
        response.header(HeaderNames.ETAG, IfMatch.etag(row.version()));
        json.ok(response, row.value());
    }

    /**
     * Sends {@code body}, written as it is read ({@link Json#okStreamed}), with the {@code ETag} of
     * the row it shows at {@code version}: GET of a team too large to read at once.
     */
    public static void sendTaggedStreamed(Json json, ServerResponse response, long version, Object body) {
        response.header(HeaderNames.ETAG, IfMatch.etag(version));
        json.okStreamed(response, body);
    }
}

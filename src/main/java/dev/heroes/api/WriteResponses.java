package dev.heroes.api;

import dev.heroes.model.Resource;
import dev.heroes.model.Versioned;
import dev.heroes.model.WriteOutcome;
import io.helidon.http.HeaderNames;
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

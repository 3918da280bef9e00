package dev.heroes.web;

import io.helidon.http.Status;
import java.util.OptionalLong;

/**
 * A kind of row the API serves, by the name its error details give it ("Hero not found"), so that
 * every route of a feature refuses in the same words.
 */
public record Resource(String name) {

    /** The contract's 404 detail, also the message of a 422 for a reference to a missing row. */
    public String notFoundDetail() {
        return name + " not found";
    }

    public HttpError notFound() {
        return HttpError.notFound(notFoundDetail());
    }

    /** The id from the path, or this resource's 404 when the path's id can name no row. */
    public long existing(OptionalLong id) {
        return id.orElseThrow(this::notFound);
    }

    /** The 412 for a conditional write whose {@code If-Match} names another version. */
    HttpError changed() {
        return new HttpError(Status.PRECONDITION_FAILED_412, name + " has changed: If-Match does not match its current ETag");
    }
}

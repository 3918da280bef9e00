package dev.heroes.api;

import dev.heroes.model.Resource;
import io.helidon.http.Status;

/**
 * Ends a request with {@code {"detail": "..."}} and a status, as FastAPI's HTTPException does.
 * It carries no stack trace: it is an answer, not a failure.
 */
public class HttpError extends RuntimeException {

    private final Status status;
    private final boolean closesConnection;

    public HttpError(Status status, String detail) {
        this(status, detail, false);
    }

    /** @param closesConnection whether the connection ends with this answer (the request's framing broke) */
    public HttpError(Status status, String detail, boolean closesConnection) {
        super(detail, null, false, false);
        this.status = status;
        this.closesConnection = closesConnection;
    }

    public boolean closesConnection() {
        return closesConnection;
    }

    public Status status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    /** The contract's 404 for a row of {@code resource} that does not exist. */
    public static HttpError notFound(Resource resource) {
        return notFound(resource.notFoundDetail());
    }

    /** The 412 for a conditional write whose {@code If-Match} names another version of the row. */
    public static HttpError changed(Resource resource) {
        return new HttpError(Status.PRECONDITION_FAILED_412, resource.changedDetail());
    }

    public static HttpError notFound(String detail) {
        return new HttpError(Status.NOT_FOUND_404, detail);
    }
}

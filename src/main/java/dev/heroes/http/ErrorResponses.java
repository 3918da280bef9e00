package dev.heroes.http;

import dev.heroes.api.HttpError;
import dev.heroes.api.Json;
import dev.heroes.api.validation.RequestValidationException;
import dev.heroes.db.DatabaseErrors;
import dev.heroes.db.DatabaseUnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a handler throws into the contract's error bodies. Whatever else goes wrong is logged
 * with its stack trace and answered {@code 500 {"detail": "Internal Server Error"}}: a trace never
 * reaches a client. {@code heroes_precondition_failed_total} counts the 412s: writes refused because
 * their {@code If-Match} named a version that is no longer current.
 */
public final class ErrorResponses {

    /** How long a client is asked to wait before it tries again after a 503. */
    static final String RETRY_AFTER_SECONDS = "1";

    /** How long an answer to a request cut short by shutdown waits for the listener's stop to be over. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private final Json json;
    private final ListenerStop listenerStop;
    private final ThrottledLog unreachable = new ThrottledLog(Duration.ofSeconds(1));
    private final ThrottledLog exhausted = new ThrottledLog(Duration.ofSeconds(1));
    private final ThrottledLog constraintRefusals = new ThrottledLog(Duration.ofSeconds(1));
    private final Counter preconditionFailed;

    private ErrorResponses(Json json, MeterRegistry meters, ListenerStop listenerStop) {
        this.json = json;
        this.listenerStop = listenerStop;
        this.preconditionFailed = Counter.builder("heroes.precondition.failed")
                .description("Writes refused with 412: their If-Match named another version")
                .register(meters);
    }

    public static void register(
            HttpRouting.Builder routing, Json json, MeterRegistry meters, ListenerStop listenerStop) {
        ErrorResponses responses = new ErrorResponses(json, meters, listenerStop);
        routing.error(HttpError.class, (req, res, error) -> {
            if (error.status().code() == Status.PRECONDITION_FAILED_412.code()) {
                responses.preconditionFailed.increment();
            }
            if (error.closesConnection()) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            json.detail(res, error.status(), error.detail());
        });
        routing.error(
                RequestValidationException.class,
                (req, res, error) -> json.detail(res, Status.create(422, "Unprocessable Content"), error.errors()));
        routing.error(DatabaseUnavailableException.class, (req, res, error) -> responses.unavailable(res, error));
        routing.error(Exception.class, responses::otherFailure);
    }

    private void unavailable(ServerResponse res, DatabaseUnavailableException error) {
        if (Thread.currentThread().isInterrupted()) {
            // A wait for a connection cut short by shutdown: the answer must still be written.
            listenerStop.awaitInterruptsOver(STOP_WAIT);
        }
        switch (error.reason()) {
            case DATABASE_UNREACHABLE ->
                unreachable.occurred(count ->
                        LOG.warn("Database unreachable: {} request(s) answered 503 since the last line", count));
            case POOL_EXHAUSTED -> {
                exhausted.occurred(count -> LOG.warn(
                        "Pool exhausted: {} request(s) answered 503 since the last line ({})",
                        count,
                        error.getMessage()));
                // A client that sends its next request the moment it has this answer (a load
                // generator, a retry loop without back-off) would keep the service busy refusing;
                // reconnecting first slows it down, as Helidon's own concurrency limit does.
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
        }
        serviceUnavailable(res);
    }

    private void otherFailure(ServerRequest req, ServerResponse res, Exception error) {
        if (Thread.currentThread().isInterrupted()) {
            // The service is stopping and this request outlived SHUTDOWN_GRACE: whatever it was
            // waiting for was cut short. The answer can be written once the stop's interrupts are over.
            listenerStop.awaitInterruptsOver(STOP_WAIT);
            LOG.warn(
                    "{} {} cut short by shutdown: {}",
                    req.prologue().method().text(),
                    req.path().path(),
                    rootMessage(error));
            res.header(HeaderValues.CONNECTION_CLOSE);
            serviceUnavailable(res);
            return;
        }
        if (DatabaseErrors.isConstraintViolation(error)) {
            // The routes turn the violations they expect into 422s; any other one is still the
            // request's conflict with the data, never a 500.
            constraintRefusals.occurred(count -> LOG.info(
                    "{} {}: refused by a database constraint: {} ({} such request(s) since the last line)",
                    req.prologue().method().text(),
                    req.path().path(),
                    rootMessage(error),
                    count));
            json.detail(res, Status.CONFLICT_409, "Conflict: the request breaks a rule of the stored data");
            return;
        }
        if (DatabaseErrors.isUnavailable(error)) {
            // A connection that broke under a statement, none made within the wait, a read-only
            // primary (a failover), a statement past its timeout.
            unreachable.occurred(count -> LOG.warn(
                    "Database unavailable ({}): {} request(s) answered 503" + " since the last line",
                    rootMessage(error),
                    count));
            serviceUnavailable(res);
            return;
        }
        LOG.error("{} {} failed", req.prologue().method().text(), req.path().path(), error);
        json.detail(res, Status.INTERNAL_SERVER_ERROR_500, "Internal Server Error");
    }

    private void serviceUnavailable(ServerResponse res) {
        res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        json.detail(res, Status.SERVICE_UNAVAILABLE_503, "Service Unavailable");
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

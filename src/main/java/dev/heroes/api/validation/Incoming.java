package dev.heroes.api.validation;

import dev.heroes.api.Json;
import io.helidon.webserver.http.ServerRequest;
import java.util.function.Function;

/**
 * A request body read into its boundary record, kept with the fields it was read from: a create
 * fingerprints them for its {@code Idempotency-Key}, and a refused {@code team_id} is answered with
 * the value as sent.
 */
public record Incoming<T>(T value, BodyFields body) {

    /** Reads the body of {@code request} as JSON fields, then {@code record} from them. */
    public static <T> Incoming<T> read(
            Validation validation, ServerRequest request, Json json, Function<BodyFields, T> record) {
        BodyFields body = validation.body(RequestBody.read(request, json.mapper()));
        return new Incoming<>(record.apply(body), body);
    }
}

package dev.heroes.idempotency;

import dev.heroes.api.Json;
import dev.heroes.api.WriteResponses;
import dev.heroes.model.Versioned;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** What a create answers ({@link Idempotency#create}): a row created now, or an answer kept under a key. */
public sealed interface Created {

    /** Sends the answer, with its {@code ETag}. */
    void send(Json json, ServerResponse response);

    /** Created now, without a key: the row, written as JSON when sent. */
    record Fresh(Versioned<?> row) implements Created {
        @Override
        public void send(Json json, ServerResponse response) {
            WriteResponses.sendTagged(json, response, row);
        }
    }

    /**
     * The answer as stored under a key, byte for byte: created now (and stored in the same
     * transaction), or {@code replayed} from the key's first request, which says so in
     * {@code Idempotent-Replayed}.
     */
    record Stored(int status, byte[] body, String etag, boolean replayed) implements Created {
        @Override
        public void send(Json json, ServerResponse response) {
            if (etag != null) {
                response.header(HeaderNames.ETAG, etag);
            }
            if (replayed) {
                response.header(Idempotency.REPLAYED, "true");
            }
            json.sendBytes(response, Status.create(status), body);
        }
    }
}

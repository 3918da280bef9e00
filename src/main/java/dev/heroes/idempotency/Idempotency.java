package dev.heroes.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.api.HttpError;
import dev.heroes.api.IfMatch;
import dev.heroes.api.Json;
import dev.heroes.api.validation.RequestValidationException;
import dev.heroes.api.validation.ValidationError;
import dev.heroes.db.Database;
import dev.heroes.model.Caller;
import dev.heroes.model.Consistency;
import dev.heroes.model.Versioned;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on creates, after draft-ietf-httpapi-idempotency-key-header: the first
 * request with a key claims it, is processed and has its response stored with the row it created,
 * all in one transaction; a retry with the same key and body gets the stored status and body, byte
 * for byte, and creates nothing; the same key with another body is a 422; a retry while the first
 * is still processing waits for the first to end and gets its answer (a 409 only for a claim left
 * by an earlier version of the service); a key longer than 255 characters is a 400. Keys live in the database, so
 * every instance of the service honours every other's, and expire after a configurable time.
 *
 * <p>{@code heroes_idempotency_replays_total} counts stored responses sent again;
 * {@code heroes_idempotency_conflicts_total} the retries refused, by reason ({@code other_body},
 * {@code in_progress}).
 */
public final class Idempotency implements AutoCloseable {

    public static final HeaderName HEADER = HeaderNames.create("Idempotency-Key");
    static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    static final int MAX_KEY_LENGTH = 255;
    /**
     * A claim without an answer older than this is taken to have died with its process. Claims now
     * commit with their answer; such claims are left only by earlier versions of the service, which
     * committed the claim in a statement of its own first.
     */
    static final Duration STALE_CLAIM = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    private final Database db;
    private final Json json;
    private final Duration ttl;
    private final Clock clock;
    private final IdempotencyRepository keys = new IdempotencyRepository();
    private final Counter replays;
    private final Counter otherBody;
    private final Counter inProgress;
    private final ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("idempotency-pruner").factory());

    public Idempotency(Database db, Json json, Duration ttl, Clock clock) {
        this(db, json, ttl, clock, new SimpleMeterRegistry());
    }

    public Idempotency(Database db, Json json, Duration ttl, Clock clock, MeterRegistry meters) {
        this.replays = Counter.builder("heroes.idempotency.replays")
                .description("Creates answered with the response stored for their Idempotency-Key")
                .register(meters);
        this.otherBody = conflicts(meters, "other_body");
        this.inProgress = conflicts(meters, "in_progress");
        this.db = db;
        this.json = json;
        this.ttl = ttl;
        this.clock = clock;
        long every = Math.max(1, Math.min(ttl.toMinutes(), 10));
        pruner.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MINUTES);
    }

    /**
     * A request's Idempotency-Key and whose it is.
     *
     * @param value the header's value
     * @param owner who sent it, empty for an anonymous caller (and when authentication is off): a
     *              key is looked up among its owner's only, so two callers sending the same key
     *              never see each other's stored response
     */
    public record Key(String value, String owner) {}

    /** The request's key, if it sent one. @throws HttpError 400 when it is empty or too long */
    public static Optional<Key> key(ServerRequest request) {
        Optional<String> key = request.headers().first(HEADER);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        if (key.get().isEmpty() || key.get().length() > MAX_KEY_LENGTH) {
            throw new HttpError(
                    Status.BAD_REQUEST_400, "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        String owner = Caller.current()
                .filter(caller -> !caller.isAnonymous())
                .map(Caller::qualifiedId)
                .orElse("");
        return Optional.of(new Key(key.get(), owner));
    }

    /**
     * Runs a create once: without a key, as one statement; with one, inside the transaction that
     * stores its answer under the key, or not at all when the key was already used, whose stored
     * answer is then the result.
     *
     * @param consistency what the request asks of the standbys' freshness, and is told of its write
     * @param requestKey the request's {@code Idempotency-Key}, if it sent one ({@link #key})
     * @param route     the create's route, e.g. {@code POST /heroes}: keys are scoped to it and to
     *                  their owner
     * @param body      the validated request body, whose fingerprint must match on every retry
     * @param statement the write's statement name, for its metrics, when there is no key
     * @param create    the write
     * @throws RequestValidationException the same key with another body
     * @throws HttpError                  409 while the key's first request is still running
     */
    public Created create(
            Consistency consistency,
            Optional<Key> requestKey,
            String createRoute,
            JsonNode body,
            String statement,
            Function<DSLContext, ? extends Versioned<?>> create) {
        if (requestKey.isEmpty()) {
            return new Created.Fresh(db.writeStatement(consistency, statement, create::apply));
        }
        // Stored under the route and its owner; an anonymous key under the route alone, as before
        // authentication existed, so keys stored then are still found.
        Key owned = requestKey.get();
        String route = owned.owner().isEmpty() ? createRoute : createRoute + " " + owned.owner();
        Optional<String> key = Optional.of(owned.value());
        String hash = fingerprint(body);
        long now = clock.millis();
        // The claim, the create and the stored answer commit together or not at all: a request cut
        // anywhere (its connection, its process, a failover) leaves no claim behind, and its retry
        // runs as a first request. A second request with the key while the first runs waits for the
        // first's transaction on PostgreSQL (the key's unique index), then replays its answer.
        Optional<Created> created = db.write(consistency, "idempotent_create", dsl -> {
            if (!keys.claim(dsl, route, key.get(), hash, now, now + ttl.toMillis(), now - STALE_CLAIM.toMillis())) {
                return Optional.empty();
            }
            Versioned<?> row = create.apply(dsl);
            byte[] sent = bytes(row.value());
            String etag = IfMatch.etag(row.version());
            keys.complete(dsl, route, key.get(), Status.OK_200.code(), new String(sent, StandardCharsets.UTF_8), etag);
            return Optional.of(new Created.Stored(Status.OK_200.code(), sent, etag, false));
        });
        return created.orElseGet(() -> replay(consistency, route, key.get(), hash));
    }

    private static Counter conflicts(MeterRegistry meters, String reason) {
        return Counter.builder("heroes.idempotency.conflicts")
                .description("Creates refused because their Idempotency-Key was used otherwise or is in use")
                .tag("reason", reason)
                .register(meters);
    }

    private Created replay(Consistency consistency, String route, String key, String hash) {
        // On the primary, with its position then: the client reads from standbys what it created.
        IdempotencyRepository.StoredKey stored = db.readOnPrimary(
                        consistency, "idempotency_find", dsl -> keys.find(dsl, route, key))
                .orElseThrow(this::stillProcessing);
        if (!stored.requestHash().equals(hash)) {
            otherBody.increment();
            throw new RequestValidationException(List.of(ValidationError.of(
                    "idempotency_key_reused",
                    List.of("header", "Idempotency-Key"),
                    "Idempotency-Key was already used with a different request body",
                    key)));
        }
        if (stored.statusCode() == null) {
            throw stillProcessing();
        }
        replays.increment();
        return new Created.Stored(
                stored.statusCode(),
                stored.responseBody().getBytes(StandardCharsets.UTF_8),
                stored.responseEtag(),
                true);
    }

    private HttpError stillProcessing() {
        inProgress.increment();
        return new HttpError(Status.CONFLICT_409, "A request with this Idempotency-Key is still being processed");
    }

    /** Deletes expired keys now; the service also does it every few minutes. */
    public int pruneExpired() {
        return db.writeStatement("idempotency_prune", dsl -> keys.pruneExpired(dsl, clock.millis()));
    }

    private void pruneQuietly() {
        try {
            int pruned = pruneExpired();
            if (pruned > 0) {
                LOG.info("Pruned {} expired idempotency key(s)", pruned);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not prune expired idempotency keys: {}", e.getMessage());
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the body as parsed, so that insignificant white space does not change it. */
    static String fingerprint(JsonNode body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(body.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        pruner.shutdownNow();
    }
}

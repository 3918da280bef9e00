package dev.heroes.http;

import dev.heroes.api.Json;
import dev.heroes.api.RequestGate;
import dev.heroes.config.RateLimitSettings;
import dev.heroes.model.Caller;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per client ({@code RATE_LIMIT} a second, {@code RATE_LIMIT_BURST} at once), so that
 * one greedy client cannot take the admission queue and the pool from the others. A client is its
 * caller when authentication named one, else its address ({@link ClientAddresses}). Over the limit:
 * 429 {@code Too Many Requests} with {@code Retry-After} and the IETF draft's {@code RateLimit-Policy}
 * and {@code RateLimit} fields (draft-ietf-httpapi-ratelimit-headers-09: a quota {@code q} per
 * window {@code w} seconds; {@code r} remaining, {@code t} seconds until more). Allowed requests do
 * not carry them: formatting them on every answer would cost every client for the greedy one.
 *
 * <p>Memory is bounded: past {@link #MAX_CLIENTS} buckets, those full again (idle clients) are
 * dropped, and if that frees nothing, all are; a dropped client starts again with a full burst.
 */
public final class PerClientLimit implements RequestGate {

    static final int MAX_CLIENTS = 100_000;
    static final String POLICY = "per-client";

    private static final HeaderName RATE_LIMIT = HeaderNames.create("RateLimit");
    private static final HeaderName RATE_LIMIT_POLICY = HeaderNames.create("RateLimit-Policy");

    private final double perNano;
    private final int burst;
    private final String policy;
    private final ClientAddresses addresses;
    private final Json json;
    private final LongSupplier nanos;
    private final Counter refused;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PerClientLimit(RateLimitSettings settings, ClientAddresses addresses, Json json, MeterRegistry meters) {
        this(settings, addresses, json, meters, System::nanoTime);
    }

    PerClientLimit(
            RateLimitSettings settings,
            ClientAddresses addresses,
            Json json,
            MeterRegistry meters,
            LongSupplier nanos) {
        this.perNano = settings.perSecond() / (double) TimeUnit.SECONDS.toNanos(1);
        this.burst = settings.burst();
        long window = Math.max(1, (long) Math.ceil(settings.burst() / (double) settings.perSecond()));
        this.policy = "\"" + POLICY + "\";q=" + settings.burst() + ";w=" + window;
        this.addresses = addresses;
        this.json = json;
        this.nanos = nanos;
        this.refused = Counter.builder("heroes.ratelimit.refused")
                .description("Requests answered 429: their client was over RATE_LIMIT")
                .register(meters);
    }

    /** One client's tokens: {@code burst} when full, one taken per request, refilled at the rate. */
    private final class Bucket {
        private double tokens = burst;
        private long updated;

        Bucket(long now) {
            this.updated = now;
        }

        /** Takes a token if there is one; otherwise returns the nanoseconds until there is (> 0). */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }

    @Override
    public boolean admits(ServerRequest req, ServerResponse res) {
        long now = nanos.getAsLong();
        String client = clientOf(req);
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            bucket = newBucket(client, now);
        }
        long wait = bucket.take(now);
        if (wait == 0) {
            return true;
        }
        refused.increment();
        long seconds = Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        res.header(HeaderNames.RETRY_AFTER, String.valueOf(seconds));
        res.header(RATE_LIMIT_POLICY, policy);
        res.header(RATE_LIMIT, "\"" + POLICY + "\";r=0;t=" + seconds);
        json.detail(res, Status.TOO_MANY_REQUESTS_429, "Too Many Requests");
        return false;
    }

    private String clientOf(ServerRequest req) {
        Caller caller = Caller.current().orElse(null);
        if (caller != null && !caller.isAnonymous()) {
            return caller.qualifiedId();
        }
        return addresses.of(req);
    }

    private Bucket newBucket(String client, long now) {
        if (buckets.size() >= MAX_CLIENTS) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
            if (buckets.size() >= MAX_CLIENTS) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(client, key -> new Bucket(now));
    }

    int clients() {
        return buckets.size();
    }
}

package dev.heroes.db;

import dev.heroes.db.DatabaseUnavailableException.Reason;
import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The door in front of a connection pool: at most as many requests use the database at once as
 * the pool has connections, a bounded number wait for one, for a bounded time, and the rest are
 * refused at once. An overloaded service so answers some requests 503 quickly instead of letting
 * every one of them queue past its timeout; a database that cannot be reached is answered 503
 * without waiting at all. Helidon's {@link FixedLimit} keeps the count and the queue.
 *
 * <p>Its meters, by pool: {@code heroes_db_admission_waiting} (requests waiting now),
 * {@code heroes_db_admission_wait_seconds} (how long each waited: on SQLite's writer pool, the
 * writers' queue) and {@code heroes_db_shed_total} (requests answered 503, by reason).
 */
final class Admission {

    private final String pool;
    private final LimitAlgorithm limit;
    private final BooleanSupplier reachable;
    private final int queueLength;
    private final Duration queueTimeout;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Timer waited;
    private final Counter shedQueueFull;
    private final Counter shedTimedOut;
    private final Counter shedUnreachable;

    /**
     * @param pool         the pool's name, for the log
     * @param permits      requests that may hold a connection at once: the pool's size
     * @param queueLength  requests that may wait for one
     * @param queueTimeout how long one of them waits
     * @param reachable    false while the database is known to refuse connections
     * @param meters       where its meters are registered
     */
    Admission(String pool, int permits, int queueLength, Duration queueTimeout, BooleanSupplier reachable,
              MeterRegistry meters) {
        this.pool = pool;
        this.queueLength = queueLength;
        this.queueTimeout = queueTimeout;
        this.reachable = reachable;
        this.limit = FixedLimit.builder()
                .name(pool)
                .permits(permits)
                .queueLength(queueLength)
                .queueTimeout(queueTimeout)
                .build();
        Gauge.builder("heroes.db.admission.waiting", waiting, AtomicInteger::get)
                .description("Requests waiting for a connection").tag("pool", pool).register(meters);
        this.waited = Timer.builder("heroes.db.admission.wait")
                .description("How long requests waited for a connection")
                .tag("pool", pool)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .register(meters);
        this.shedQueueFull = shed(meters, pool, "queue_full");
        this.shedTimedOut = shed(meters, pool, "timed_out");
        this.shedUnreachable = shed(meters, pool, "unreachable");
    }

    private static Counter shed(MeterRegistry meters, String pool, String reason) {
        return Counter.builder("heroes.db.shed")
                .description("Requests answered 503 without a connection")
                .tag("pool", pool)
                .tag("reason", reason)
                .register(meters);
    }

    /**
     * Admits the caller, who must call {@link LimitAlgorithm.Token#success()} on the token when it
     * has given its connection back.
     *
     * @throws DatabaseUnavailableException when the database is unreachable, or no connection is
     *                                      free within the queue's bounds
     */
    LimitAlgorithm.Token enter() {
        if (!reachable.getAsBoolean()) {
            shedUnreachable.increment();
            throw new DatabaseUnavailableException(Reason.DATABASE_UNREACHABLE, "the database refuses connections");
        }
        long started = System.nanoTime();
        waiting.incrementAndGet();
        LimitAlgorithm.Outcome outcome;
        try {
            outcome = limit.tryAcquireOutcome(true);
        } finally {
            waiting.decrementAndGet();
        }
        waited.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (outcome instanceof LimitAlgorithm.Outcome.Accepted accepted) {
            return accepted.token();
        }
        (outcome.timing() == LimitAlgorithm.Outcome.Timing.DEFERRED ? shedTimedOut : shedQueueFull).increment();
        throw new DatabaseUnavailableException(Reason.POOL_EXHAUSTED,
                outcome.timing() == LimitAlgorithm.Outcome.Timing.DEFERRED
                        ? "waited " + queueTimeout.toMillis() + " ms for a connection of " + pool
                        : queueLength + " requests already waiting for a connection of " + pool);
    }
}

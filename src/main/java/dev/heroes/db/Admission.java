package dev.heroes.db;

import dev.heroes.db.DatabaseUnavailableException.Reason;
import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.common.concurrency.limits.LimitAlgorithm;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The door in front of a connection pool: at most as many requests use the database at once as
 * the pool has connections, a bounded number wait for one, for a bounded time, and the rest are
 * refused at once. An overloaded service so answers some requests 503 quickly instead of letting
 * every one of them queue past its timeout; a database that cannot be reached is answered 503
 * without waiting at all. Helidon's {@link FixedLimit} keeps the count and the queue.
 * Its meters are in {@link DatabaseMetrics}.
 */
final class Admission {

    private final String pool;
    private final LimitAlgorithm limit;
    private final BooleanSupplier reachable;
    private final int queueLength;
    private final Duration queueTimeout;
    private final AtomicInteger waiting = new AtomicInteger();
    private final DistributionDataPoint waited;
    private final CounterDataPoint shedQueueFull;
    private final CounterDataPoint shedTimedOut;
    private final CounterDataPoint shedUnreachable;

    /**
     * @param pool         the pool's name, for the log
     * @param permits      requests that may hold a connection at once: the pool's size
     * @param queueLength  requests that may wait for one
     * @param queueTimeout how long one of them waits
     * @param reachable    false once the database has refused connections for longer than a failover
     *                     takes
     * @param metrics      where it counts
     */
    Admission(
            String pool,
            int permits,
            int queueLength,
            Duration queueTimeout,
            BooleanSupplier reachable,
            DatabaseMetrics metrics) {
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
        // Timed where requests queue by design: a pool of one connection (SQLite's writer).
        this.waited = permits == 1 ? metrics.admissionWait(pool) : null;
        this.shedQueueFull = metrics.shed(pool, "queue_full");
        this.shedTimedOut = metrics.shed(pool, "timed_out");
        this.shedUnreachable = metrics.shed(pool, "unreachable");
    }

    String pool() {
        return pool;
    }

    /** Requests waiting (or being admitted) now. */
    int waiting() {
        return waiting.get();
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
            shedUnreachable.inc();
            throw new DatabaseUnavailableException(Reason.DATABASE_UNREACHABLE, "the database refuses connections");
        }
        long started = waited == null ? 0 : System.nanoTime();
        waiting.incrementAndGet();
        LimitAlgorithm.Outcome outcome;
        try {
            outcome = limit.tryAcquireOutcome(true);
        } finally {
            waiting.decrementAndGet();
        }
        if (waited != null) {
            waited.observe((System.nanoTime() - started) / 1e9);
        }
        if (outcome instanceof LimitAlgorithm.Outcome.Accepted accepted) {
            return accepted.token();
        }
        (outcome.timing() == LimitAlgorithm.Outcome.Timing.DEFERRED ? shedTimedOut : shedQueueFull).inc();
        throw new DatabaseUnavailableException(
                Reason.POOL_EXHAUSTED,
                outcome.timing() == LimitAlgorithm.Outcome.Timing.DEFERRED
                        ? "waited " + queueTimeout.toMillis() + " ms for a connection of " + pool
                        : queueLength + " requests already waiting for a connection of " + pool);
    }
}

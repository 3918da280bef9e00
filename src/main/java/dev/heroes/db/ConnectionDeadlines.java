package dev.heroes.db;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a request's work may hold a PostgreSQL connection ({@code DB_WORK_TIMEOUT}): a
 * connection held longer is cut ({@link Connection#abort}), so that the read waiting on it fails
 * at once, the pool drops the connection and the request is answered 503. This is what a server
 * that answers nothing needs: one stopped (SIGSTOP, a frozen VM) or cut off without a reset, which
 * neither the server's {@code statement_timeout} nor TCP keepalive notices.
 *
 * <p>One thread looks at the connections lent out a few times per timeout, instead of pgjdbc's
 * {@code socketTimeout}: that one arms a timer for every read a virtual thread makes on the
 * socket, and measured here it took get-hero's p99 from 5 ms to 27-47 ms.
 */
final class ConnectionDeadlines implements AutoCloseable {

    /** No bound: for SQLite, which runs in this process. */
    static final ConnectionDeadlines NONE = new ConnectionDeadlines();

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadlines.class);

    /** The longest between two looks, whatever the timeout. */
    private static final Duration MOST_BETWEEN_LOOKS = Duration.ofSeconds(1);

    private final long timeoutNanos;
    private final Set<Lease> lent;
    private final ScheduledExecutorService watcher;
    private final CounterDataPoint cut;

    private ConnectionDeadlines() {
        this.timeoutNanos = Long.MAX_VALUE;
        this.lent = Set.of();
        this.watcher = null;
        this.cut = null;
    }

    /**
     * Starts the thread that cuts connections held longer than {@code timeout}, counting each in
     * {@code cut}.
     */
    ConnectionDeadlines(Duration timeout, CounterDataPoint cut) {
        this.timeoutNanos = timeout.toNanos();
        this.lent = ConcurrentHashMap.newKeySet();
        this.cut = cut;
        this.watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("heroes-db-deadlines").daemon().factory());
        long between = Math.max(1, Math.min(timeout.dividedBy(4).toMillis(), MOST_BETWEEN_LOOKS.toMillis()));
        watcher.scheduleWithFixedDelay(this::cutOverdue, between, between, TimeUnit.MILLISECONDS);
    }

    /** Marks {@code connection} as lent to a request's work until the returned lease is closed. */
    Lease lend(Connection connection) {
        if (watcher == null) {
            return Lease.UNBOUNDED;
        }
        Lease lease = new Lease(this, connection, System.nanoTime() + timeoutNanos);
        lent.add(lease);
        return lease;
    }

    private void cutOverdue() {
        long now = System.nanoTime();
        for (Lease lease : lent) {
            // Removed here, or already by the work that gave the connection back: then it is not cut.
            if (now - lease.deadline > 0 && lent.remove(lease)) {
                LOG.warn(
                        "A request held its PostgreSQL connection for more than {} s (DB_WORK_TIMEOUT) without an"
                                + " answer; the connection is cut, and the request's work done again on another one"
                                + " if it is a read, or answered 503",
                        TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
                // Counted first: the request sees its connection fail the moment it is cut.
                cut.inc();
                try {
                    // Run here: the connection's socket is closed before this returns.
                    lease.connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException e) {
                    // Caught, or the executor would never run this again.
                    LOG.warn("Cutting the connection failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** A connection lent to one request's work; closed when the work gives it back. */
    static final class Lease implements AutoCloseable {

        static final Lease UNBOUNDED = new Lease(null, null, 0);

        private final ConnectionDeadlines deadlines;
        private final Connection connection;
        private final long deadline;

        private Lease(ConnectionDeadlines deadlines, Connection connection, long deadline) {
            this.deadlines = deadlines;
            this.connection = connection;
            this.deadline = deadline;
        }

        @Override
        public void close() {
            if (deadlines != null) {
                deadlines.lent.remove(this);
            }
        }
    }
}

package dev.heroes.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL can be reached, learnt from the pool's own connection attempts, so that a
 * request does not wait out the pool's timeout for a database that refuses every connection.
 *
 * <p>It is the data source the pool makes its connections with. The first attempt that fails for
 * want of a connection (SQLState class 08: refused, unknown host, reset) marks the database
 * unreachable, and a probe tries a connection every {@link #PROBE_INTERVAL}. For the first
 * {@code DB_FAILOVER_WAIT} requests still go in and wait for it, as they would for a switchover
 * (whose new primary takes a few seconds to be reached); past that it is an outage, and {@link
 * Admission} answers every request at once with a 503. While it is unreachable the pool's own
 * attempts wait here for the probe rather than fail, so that the pool does not back off (Hikari
 * waits up to 5 s between failed attempts): the moment the probe connects, so does the pool, and
 * the service answers again well within a second of the database's return.
 */
final class Reachability extends ForwardingDataSource implements AutoCloseable {

    static final Duration PROBE_INTERVAL = Duration.ofMillis(100);

    private static final Logger LOG = LoggerFactory.getLogger(Reachability.class);

    private final Object monitor = new Object();
    private final long graceNanos;
    private volatile boolean reachable = true;
    private volatile long unreachableSince;
    private boolean closed;

    /**
     * @param database where the physical connections come from. The pool's connections to a server
     *                 that went away need nothing from here: the pool drops a connection that fails
     *                 with a connection error, and checks one idle for more than half a second.
     * @param grace    how long requests still wait for an unreachable database before they are
     *                 answered at once ({@code DB_FAILOVER_WAIT})
     */
    Reachability(DataSource database, Duration grace) {
        super(database);
        this.graceNanos = grace.toNanos();
    }

    /** False from a refused connection attempt until the probe connects again. */
    boolean isReachable() {
        return reachable;
    }

    /**
     * Whether requests should go on to the pool: the database is reachable, or has not been
     * unreachable for longer than a failover takes.
     */
    boolean admitsRequests() {
        return reachable || System.nanoTime() - unreachableSince <= graceNanos;
    }

    @Override
    public Connection getConnection() throws SQLException {
        awaitReachable();
        try {
            return target.getConnection();
        } catch (SQLException e) {
            if (DatabaseErrors.isBrokenConnection(e)) {
                markUnreachable(e);
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's credentials are set on the data source");
    }

    private void awaitReachable() throws SQLException {
        synchronized (monitor) {
            while (!reachable && !closed) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the database is unreachable", "08001", e);
                }
            }
        }
    }

    private void markUnreachable(SQLException cause) {
        synchronized (monitor) {
            if (!reachable || closed) {
                return;
            }
            // Since first: admitsRequests reads it once it sees reachable false.
            unreachableSince = System.nanoTime();
            reachable = false;
        }
        LOG.warn(
                "Database unreachable ({}): requests wait for it up to {} ms (DB_FAILOVER_WAIT), then are answered"
                        + " 503 at once until a connection succeeds again",
                cause.getMessage(),
                graceNanos / 1_000_000);
        Thread.ofPlatform().daemon().name("heroes-db-probe").start(this::probeUntilReachable);
    }

    private void probeUntilReachable() {
        while (true) {
            try {
                Thread.sleep(PROBE_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (monitor) {
                if (closed) {
                    return;
                }
            }
            try (Connection ignored = target.getConnection()) {
                long downMillis;
                synchronized (monitor) {
                    reachable = true;
                    downMillis = (System.nanoTime() - unreachableSince) / 1_000_000;
                    monitor.notifyAll();
                }
                LOG.info("Database reachable again after {} ms", downMillis);
                return;
            } catch (SQLException stillDown) {
                // the next round tries again
            }
        }
    }

    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
    }
}

package dev.heroes.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file in the background, every
 * {@code interval}, so that the one writer does not. Left to SQLite, the connection whose commit
 * takes the log past 1,000 pages checkpoints inside that commit, with an fsync, while every other
 * write waits behind it: about 40% of an insert's time. A passive checkpoint here waits for no
 * reader or writer; the writer keeps a larger automatic threshold ({@link #WRITER_BACKSTOP_PAGES})
 * in case this thread falls behind, so the log stays bounded either way.
 *
 * <p>A platform thread, not a virtual one: the checkpoint runs in native code, which would hold a
 * virtual thread's carrier for the length of its fsync.
 */
final class WalCheckpointer implements AutoCloseable {

    /** The writer's own automatic checkpoint, in pages: reached only if this thread falls behind. */
    static final int WRITER_BACKSTOP_PAGES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final DataSource connections;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean closed;

    /** Starts checkpointing through a connection of {@code connections} (the read pool's). */
    WalCheckpointer(DataSource connections, Duration interval) {
        this.connections = connections;
        this.interval = interval;
        this.thread =
                Thread.ofPlatform().daemon().name("heroes-sqlite-checkpoint").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            checkpoint();
        }
    }

    private void checkpoint() {
        try (Connection connection = connections.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            if (!closed) {
                // The writer's backstop keeps the log bounded meanwhile; the next round tries again.
                LOG.warn("WAL checkpoint failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

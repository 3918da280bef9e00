package dev.heroes.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Answers readiness's question, "does the database answer now?", on a connection of its own:
 * outside the pools, so that a service busy to its last connection still reports ready, and a
 * database that stopped is reported at once rather than after the pool's timeout. The answer takes
 * at most the given timeout; while one check hangs, the next ones wait for it instead of opening
 * more connections.
 */
final class HealthProbe implements AutoCloseable {

    private final DataSource source;
    private final String query;
    private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<CompletableFuture<Optional<String>>> running = new AtomicReference<>();
    private Connection connection;

    /**
     * @param source where the probe's connection comes from (not a pool)
     * @param query  a statement that reads from the database, answered at once
     */
    HealthProbe(DataSource source, String query) {
        this.source = source;
        this.query = query;
    }

    /** Empty when the database answered within {@code timeout}, otherwise why not. */
    Optional<String> check(Duration timeout) {
        CompletableFuture<Optional<String>> check = running.get();
        if (check == null || check.isDone()) {
            CompletableFuture<Optional<String>> next = new CompletableFuture<>();
            if (running.compareAndSet(check, next)) {
                checks.execute(() -> next.complete(checkNow(timeout)));
            }
            check = running.get();
        }
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause()));
        }
    }

    private synchronized Optional<String> checkNow(Duration timeout) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = source.getConnection();
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                try (ResultSet answer = statement.executeQuery(query)) {
                    answer.next();
                }
            }
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is being dropped because it failed
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        checks.shutdownNow();
        closeConnection();
    }
}

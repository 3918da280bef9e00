package dev.heroes;

import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.config.ReplicaSettings;
import dev.heroes.db.Database;
import dev.heroes.observe.Observability;
import java.util.function.UnaryOperator;

/**
 * A database opened with its meters in a fresh {@link Observability}: what {@code serve},
 * {@code migrate} and {@code train} each start from. Closing it closes the database, then the
 * meters.
 */
record ObservedDatabase(Observability observability, Database database) implements AutoCloseable {

    static ObservedDatabase open(DatabaseUrl url, PoolSettings pool) {
        return open(url, pool, ReplicaSettings.NONE);
    }

    static ObservedDatabase open(DatabaseUrl url, PoolSettings pool, ReplicaSettings replicas) {
        Observability observability = new Observability();
        try {
            return new ObservedDatabase(
                    observability,
                    Database.open(url, pool, replicas, observability.prometheus(), UnaryOperator.identity()));
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try (observability) {
            database.close();
        }
    }
}

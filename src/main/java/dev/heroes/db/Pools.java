package dev.heroes.db;

import com.zaxxer.hikari.HikariConfig;
import dev.heroes.config.AppConfig.PoolSettings;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;

/**
 * The connection pools of one database, tuned for it, as {@link Database}'s unit of work sees them:
 * a side for reads and one for writes, the checks of the database around them, and their end.
 * {@link SqlitePools} keeps a writer's pool apart from the readers'; {@link PostgresPools} has one
 * pool for both.
 */
sealed interface Pools extends AutoCloseable permits SqlitePools, PostgresPools {

    /**
     * The longest an admitted request waits for its connection: one is free for every admitted
     * request, so it waits only while the pool makes one, and not the whole pool timeout when the
     * database has just stopped answering.
     */
    Duration CONNECTION_WAIT = Duration.ofSeconds(1);

    /** Where reads take their connections. */
    PoolSide reads();

    /** Where writes take their connections. */
    PoolSide writes();

    /** Where the migrations take their connections: on SQLite the writer's, on PostgreSQL their own. */
    DataSource migrationDataSource();

    SQLDialect dialect();

    /** Whether the database runs inside this process. */
    boolean isEmbedded();

    /** The most connections the pools open together: every pool's upper bound. */
    int maxConnections();

    /**
     * Whether the database answers now, within {@link Database#HEALTH_TIMEOUT}, on a connection
     * outside the pools: empty when it does, otherwise why not.
     */
    Optional<String> unavailability();

    /**
     * What start-up should warn about the pools' upper bound against the database's own limit on
     * connections, read through {@code database}; empty when nothing.
     */
    Optional<String> connectionBudgetWarning(Database database);

    /** The standbys reads may go to: PostgreSQL's, when {@code DATABASE_READ_URL} names some. */
    default Optional<Standbys> standbys() {
        return Optional.empty();
    }

    /** Stops the pools' helpers, then closes the pools. */
    @Override
    void close();

    /**
     * A pool's settings that do not depend on the database: its name (metrics and tests know the
     * pools by it), where its connections come from, and how long it waits for one. Its size is the
     * database's.
     */
    static HikariConfig poolConfig(String name, PoolSettings settings, DataSource connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(connections);
        config.setConnectionTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        // A borrowed connection that has been idle for more than half a second is checked with
        // Connection.isValid, within this timeout, before it is handed out (Hikari's default,
        // com.zaxxer.hikari.aliveBypassWindowMs = 500 ms): the guide's pool_pre_ping, so a database
        // restart costs at most the requests that were running during it.
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), CONNECTION_WAIT.toMillis()));
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        // The pool starts even while the database is down: opening it neither fails nor waits on an
        // unreachable database; the migration, which needs a connection, then says what is wrong.
        config.setInitializationFailTimeout(-1);
        return config;
    }
}

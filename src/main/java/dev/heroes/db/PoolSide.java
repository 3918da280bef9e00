package dev.heroes.db;

import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.FetchTriggerValuesAfterReturning;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * One side of the service's work on the database, its reads or its writes: the pool its
 * connections come from, the {@link Admission} in front of that pool, the jOOQ context its
 * statements are made in, and the count of connections the pool could not make within its wait.
 * On PostgreSQL reads and writes are one and the same side; on SQLite each has its own.
 *
 * @param pool       where the side's connections come from
 * @param admission  how many requests may use the pool at once, and how many wait
 * @param statements the jOOQ context over the pool, as the statements see it
 * @param timeouts   {@code hikaricp_connections_timeout_total} of the pool
 * @param deadlines  how long a request's work may hold one of the pool's connections
 */
record PoolSide(
        HikariDataSource pool,
        Admission admission,
        DSLContext statements,
        CounterDataPoint timeouts,
        ConnectionDeadlines deadlines) {

    /**
     * @param statementsSource the pool as the statements take their connections from it (see
     *                         {@code Database.open}'s {@code statementsSee})
     */
    static PoolSide of(
            HikariDataSource pool,
            DataSource statementsSource,
            SQLDialect dialect,
            Admission admission,
            CounterDataPoint timeouts,
            ConnectionDeadlines deadlines) {
        return new PoolSide(pool, admission, statements(statementsSource, dialect), timeouts, deadlines);
    }

    /** The jOOQ context the statements are made in, over {@code statementsSource}. */
    static DSLContext statements(DataSource statementsSource, SQLDialect dialect) {
        return DSL.using(configuration(statementsSource, dialect));
    }

    private static Configuration configuration(DataSource statementsSource, SQLDialect dialect) {
        return new DefaultConfiguration().set(statementsSource).set(dialect).set(settings());
    }

    private static Settings settings() {
        return new Settings()
                .withRenderSchema(false)
                .withExecuteLogging(false)
                // SQLite returns the wrong row from INSERT ... RETURNING without it (jOOQ 15316, 18073).
                .withFetchTriggerValuesAfterReturning(FetchTriggerValuesAfterReturning.NEVER);
    }

    /** Counts a connection that the pool could not make within its wait. */
    void countTimeout(DataAccessException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                timeouts.inc();
                return;
            }
        }
    }

    /**
     * Has the pool close its idle connections now and the borrowed ones when they come back, after
     * one broke: after a database restart the others lead to the old server too.
     */
    void evictConnections() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }
}

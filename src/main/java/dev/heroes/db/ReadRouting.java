package dev.heroes.db;

import dev.heroes.model.WalPosition;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts where reads went when standbys are configured: {@code heroes_db_reads_total} by target
 * ({@code primary}, {@code standby}), and {@code heroes_db_read_fallbacks_total} by why a read went
 * to the primary: {@code no_standby} (none within the lag bound), {@code not_replayed} (the standby
 * had not replayed the client's write yet; counted only for reads presenting a token),
 * {@code standby_failed}.
 */
final class ReadRouting {

    /** Why a read went to the primary. */
    enum Reason {
        NO_STANDBY("no_standby"),
        NOT_REPLAYED("not_replayed"),
        STANDBY_FAILED("standby_failed");

        final String label;

        Reason(String label) {
            this.label = label;
        }
    }

    private final CounterDataPoint toPrimary;
    private final CounterDataPoint toStandby;
    private final Map<Reason, CounterDataPoint> fallbacks = new EnumMap<>(Reason.class);
    private final CounterDataPoint tokenFallbacks;

    ReadRouting(DatabaseMetrics metrics) {
        this.toPrimary = metrics.reads("primary");
        this.toStandby = metrics.reads("standby");
        for (Reason reason : Reason.values()) {
            fallbacks.put(reason, metrics.readFallbacks(reason.label));
        }
        this.tokenFallbacks = metrics.tokenFallbacks();
    }

    void toStandby() {
        toStandby.inc();
    }

    void toPrimary(WalPosition after, Reason reason) {
        toPrimary.inc();
        fallbacks.get(reason).inc();
        if (!after.equals(WalPosition.START)) {
            tokenFallbacks.inc();
        }
    }
}

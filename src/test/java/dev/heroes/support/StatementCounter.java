package dev.heroes.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the SQL statements the service runs, to prove that a route's count does not grow with data. */
public final class StatementCounter implements StatementObserver {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void beforeExecute(String sql, List<Object> values) {
        count.incrementAndGet();
    }

    /** Runs {@code action} and returns how many statements ran meanwhile. */
    public int during(Runnable action) {
        int before = count.get();
        action.run();
        return count.get() - before;
    }
}

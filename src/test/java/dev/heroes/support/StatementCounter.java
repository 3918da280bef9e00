package dev.heroes.support;

import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Counts the SQL statements the service runs, to prove that a route's count does not grow with data. */
public final class StatementCounter implements ExecuteListener {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public void executeStart(ExecuteContext ctx) {
        count.incrementAndGet();
    }

    /** Runs {@code action} and returns how many statements ran meanwhile. */
    public int during(Runnable action) {
        int before = count.get();
        action.run();
        return count.get() - before;
    }
}

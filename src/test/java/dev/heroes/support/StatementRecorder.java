package dev.heroes.support;

import java.util.ArrayList;
import java.util.List;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;

/** Keeps the SQL of every statement the service runs, its values inlined, so a test can EXPLAIN it. */
public final class StatementRecorder implements ExecuteListener {

    private final List<String> statements = new ArrayList<>();

    @Override
    public synchronized void executeStart(ExecuteContext ctx) {
        statements.add(DSL.using(ctx.dialect()).renderInlined(ctx.query()));
    }

    /** Runs {@code action} and returns the one statement it ran; fails if it ran none or several. */
    public String onlyStatementOf(Runnable action) {
        int before;
        synchronized (this) {
            before = statements.size();
        }
        action.run();
        synchronized (this) {
            List<String> ran = List.copyOf(statements.subList(before, statements.size()));
            if (ran.size() != 1) {
                throw new AssertionError("expected one statement, ran " + ran);
            }
            return ran.getFirst();
        }
    }
}

package dev.heroes.support;

import java.util.ArrayList;
import java.util.List;

/** Keeps the SQL of every statement the service runs, its values inlined, so a test can EXPLAIN it. */
public final class StatementRecorder implements StatementObserver {

    private final List<String> statements = new ArrayList<>();

    @Override
    public synchronized void beforeExecute(String sql, List<Object> values) {
        statements.add(inlined(sql, values));
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

    /** Runs {@code action} and returns the statements it ran, in order. */
    public List<String> statementsOf(Runnable action) {
        int before;
        synchronized (this) {
            before = statements.size();
        }
        action.run();
        synchronized (this) {
            return List.copyOf(statements.subList(before, statements.size()));
        }
    }

    /** {@code sql} with each "?" outside a quoted literal replaced by its value as an SQL literal. */
    private static String inlined(String sql, List<Object> values) {
        StringBuilder inlined = new StringBuilder(sql.length() + 16 * values.size());
        int next = 0;
        boolean quoted = false;
        for (char c : sql.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c != '?' || quoted) {
                inlined.append(c);
                continue;
            }
            Object value = next < values.size() ? values.get(next) : null;
            next++;
            if (value == null) {
                inlined.append("NULL");
            } else if (value instanceof Number || value instanceof Boolean) {
                inlined.append(value);
            } else {
                inlined.append('\'').append(value.toString().replace("'", "''")).append('\'');
            }
        }
        return inlined.toString();
    }
}

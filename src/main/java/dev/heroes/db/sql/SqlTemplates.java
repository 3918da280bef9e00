package dev.heroes.db.sql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;

/**
 * A statement whose clauses depend on the request, such as a list with optional filters: one
 * {@link SqlTemplate} per shape, built and rendered the first time that shape is asked for. A
 * shape names which clauses are there, never their values, so there are few of them (at most
 * 2<sup>n</sup> for n optional clauses) and each request's values are bound.
 *
 * @param <S> the shape: a record of the request's optional parts, present or not
 * @param <R> the statement's record type
 */
public final class SqlTemplates<S, R extends Record> {

    private final Function<S, Function<DSLContext, ? extends ResultQuery<R>>> builder;
    private final Map<S, SqlTemplate<R>> byShape = new ConcurrentHashMap<>();

    /** @param builder builds the statement of a shape, its values as named {@code DSL.param}s */
    public SqlTemplates(Function<S, Function<DSLContext, ? extends ResultQuery<R>>> builder) {
        this.builder = builder;
    }

    /** The statement of {@code shape}. */
    public SqlTemplate<R> of(S shape) {
        return byShape.computeIfAbsent(shape, s -> new SqlTemplate<>(builder.apply(s)));
    }
}

package dev.heroes.db;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ, so that it is checked against the generated schema when it
 * compiles, and rendered to SQL once per dialect instead of once per request. Rendering is most of
 * jOOQ's cost on a hot route; a rendered template runs as plain SQL through the same
 * {@link DSLContext}, so it keeps jOOQ's execution: listeners, exception translation, fetching.
 *
 * <p>Values are {@link SqlParameter}s: placeholders in the built statement ({@link SqlParameter#param()})
 * given their typed values at execution ({@link Values}). Rows come back as the built statement's record type ({@code Record7}
 * for seven fields), for {@code Records.mapping}: typed, with no conversion per value.
 *
 * @param <R> the built statement's record type
 */
public final class SqlTemplate<R extends Record> {

    private final Function<DSLContext, ? extends ResultQuery<R>> builder;
    private final Map<SQLDialect, Rendered> rendered = new EnumMap<>(SQLDialect.class);

    /** The SQL with "?" placeholders, and each placeholder's parameter in order. */
    private record Rendered(String sql, List<Param<?>> parameters, Field<?>[] fields) {}

    /** @param builder builds the statement with a context of the dialect it is rendered for */
    public SqlTemplate(Function<DSLContext, ? extends ResultQuery<R>> builder) {
        this.builder = builder;
    }

    /** The values of one execution, by {@link SqlParameter}: typed where they are given. */
    public static final class Values {

        private final String[] names = new String[8];
        private final Object[] values = new Object[8];
        private int size;

        /** Gives {@code parameter} its value; a parameter the statement does not have is ignored. */
        public <T> Values set(SqlParameter<T> parameter, T value) {
            if (size == names.length) {
                throw new IllegalStateException("more than " + names.length + " values for one statement");
            }
            names[size] = parameter.name();
            values[size++] = value;
            return this;
        }

        private Object of(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            throw new IllegalArgumentException("no value for :" + name);
        }
    }

    /** Values to {@link #fetch} with. */
    public static Values values() {
        return new Values();
    }

    /** Runs the statement with {@code values} and fetches its rows. */
    public Result<R> fetch(DSLContext dsl, Values values) {
        Rendered sql = renderedFor(dsl);
        Object[] binds = new Object[sql.parameters().size()];
        for (int i = 0; i < binds.length; i++) {
            Param<?> parameter = sql.parameters().get(i);
            // Typed, so that a null binds as its column's type, not as an unknown one.
            binds[i] = DSL.val(values.of(parameter.getParamName()), parameter.getDataType());
        }
        // The fields as built: without them jOOQ would read the result set's metadata every time.
        // With them it makes records of their degree, the RecordN that R names, as the built query would.
        @SuppressWarnings("unchecked")
        Result<R> rows = (Result<R>)
                dsl.resultQuery(sql.sql(), binds).coerce(sql.fields()).fetch();
        return rows;
    }

    private Rendered renderedFor(DSLContext dsl) {
        synchronized (rendered) {
            return rendered.computeIfAbsent(dsl.dialect(), dialect -> render(dsl));
        }
    }

    private Rendered render(DSLContext dsl) {
        DSLContext dialect = DSL.using(dsl.dialect(), dsl.settings());
        ResultQuery<R> query = builder.apply(dialect);
        Map<String, Param<?>> declared = query.getParams();
        String named =
                dialect.renderContext().paramType(ParamType.NAMED).visit(query).render();
        // Named parameters render as ":name"; plain SQL takes "?" in the same order.
        StringBuilder sql = new StringBuilder(named.length());
        List<Param<?>> parameters = new ArrayList<>();
        for (int i = 0; i < named.length(); i++) {
            char c = named.charAt(i);
            boolean startsName = c == ':'
                    && i + 1 < named.length()
                    && Character.isJavaIdentifierStart(named.charAt(i + 1))
                    && (i == 0 || named.charAt(i - 1) != ':');
            if (!startsName) {
                sql.append(c);
                continue;
            }
            int end = i + 1;
            while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) {
                end++;
            }
            String name = named.substring(i + 1, end);
            Param<?> parameter = declared.get(name);
            if (parameter == null) {
                throw new IllegalStateException("a value in " + named + " is not a named parameter: " + name);
            }
            parameters.add(parameter);
            sql.append('?');
            i = end - 1;
        }
        return new Rendered(sql.toString(), List.copyOf(parameters), query.fields());
    }
}

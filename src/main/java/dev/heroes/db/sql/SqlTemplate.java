package dev.heroes.db.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.SignStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.RowCountQuery;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * A statement built with jOOQ, so that it is checked against the generated schema when it
 * compiles, rendered to SQL once per dialect, and run on the request's connection as one plain
 * JDBC {@link PreparedStatement}: no rendering, execution context or record per request. On a hot
 * route jOOQ's per-execution work was about a tenth of the service's CPU; what is left is what
 * the driver needs.
 *
 * <p>Values are {@link SqlParameter}s: placeholders in the built statement ({@link SqlParameter#param()})
 * given their typed values at execution ({@link Values}), bound as their column's type. Each row
 * is read column by column, as the type of the built statement's field (a {@code Long} column
 * with {@code getLong}, a null as null), and handed to a {@link RowMapper} typed by the built
 * statement's record type ({@code Record7} for seven fields).
 *
 * <p>A statement that returns no rows (an UPDATE or DELETE without RETURNING) is made with
 * {@link #rowCount} and run with {@link #execute}, which answers how many rows it changed.
 *
 * <p>A failure is thrown as jOOQ's {@link DataAccessException} caused by the driver's
 * {@link SQLException}, as a statement run by jOOQ throws it, so that {@link DatabaseErrors} and
 * the callers see one kind of failure whichever path ran.
 *
 * @param <R> the built statement's record type
 */
public final class SqlTemplate<R extends Record> {

    private final Function<DSLContext, ? extends Query> builder;

    /** The statement as last rendered: a service talks to one database, so this is rendered once. */
    private volatile Rendered rendered;

    /**
     * The SQL with "?" placeholders, each placeholder's parameter name and binder in order, and a
     * reader per selected column.
     */
    private record Rendered(
            SQLDialect dialect, String sql, String[] parameterNames, Binder[] binders, Reader[] readers) {}

    /** @param builder builds the statement with a context of the dialect it is rendered for */
    public SqlTemplate(Function<DSLContext, ? extends ResultQuery<R>> builder) {
        this.builder = builder;
    }

    /** For {@link #rowCount}; {@code rowsCounted} only tells it apart from the public constructor's erasure. */
    private SqlTemplate(Function<DSLContext, ? extends Query> builder, boolean rowsCounted) {
        this.builder = builder;
    }

    /**
     * A statement that returns no rows but how many it changed: an UPDATE or DELETE without
     * RETURNING, run with {@link #execute}.
     */
    public static SqlTemplate<Record> rowCount(Function<DSLContext, ? extends RowCountQuery> builder) {
        return new SqlTemplate<>(builder, true);
    }

    /** The values of one execution, by {@link SqlParameter}: typed where they are given. */
    public static final class Values {

        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int size;

        /** Gives {@code parameter} its value; a parameter the statement does not have is ignored. */
        public <T> Values set(SqlParameter<T> parameter, T value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
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

    /** Runs the statement with {@code values} on {@code dsl}'s connection and maps each of its rows. */
    public <T> List<T> fetch(DSLContext dsl, Values values, RowMapper<R, T> mapper) {
        return run(dsl, values, mapper);
    }

    /**
     * As {@link #fetch}, for a statement of one row at most: its first row, if any. Every row is
     * still read: on SQLite a write's RETURNING commits cheapest when its statement runs to its end.
     */
    public <T> Optional<T> fetchOptional(DSLContext dsl, Values values, RowMapper<R, T> mapper) {
        List<T> rows = run(dsl, values, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    /** Runs the statement with {@code values} on {@code dsl}'s connection: the rows it changed. */
    public int execute(DSLContext dsl, Values values) {
        Rendered statement = renderedFor(dsl);
        return dsl.connectionResult(connection -> {
            try (PreparedStatement prepared = prepared(connection, statement, values)) {
                return prepared.executeUpdate();
            } catch (SQLException e) {
                throw failed(statement, e);
            }
        });
    }

    private <T> List<T> run(DSLContext dsl, Values values, RowMapper<R, T> mapper) {
        Rendered statement = renderedFor(dsl);
        return dsl.connectionResult(connection -> {
            try {
                return query(connection, statement, values, mapper);
            } catch (SQLException e) {
                throw failed(statement, e);
            }
        });
    }

    /** The failure as jOOQ words a failed statement's, the driver's exception as its cause. */
    private static DataAccessException failed(Rendered statement, SQLException e) {
        return new DataAccessException("SQL [" + statement.sql() + "]; " + e.getMessage(), e);
    }

    /** The statement prepared on {@code connection}, {@code values} bound. */
    private static PreparedStatement prepared(Connection connection, Rendered statement, Values values)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        try {
            String[] names = statement.parameterNames();
            for (int i = 0; i < names.length; i++) {
                statement.binders()[i].bind(prepared, i + 1, values.of(names[i]));
            }
            return prepared;
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    private static <T> List<T> query(Connection connection, Rendered statement, Values values, RowMapper<?, T> mapper)
            throws SQLException {
        try (PreparedStatement prepared = prepared(connection, statement, values)) {
            // execute(), not executeQuery(): an INSERT or UPDATE ... RETURNING is a query that writes.
            if (!prepared.execute()) {
                return List.of();
            }
            Reader[] readers = statement.readers();
            List<T> rows = new ArrayList<>();
            try (ResultSet result = prepared.getResultSet()) {
                while (result.next()) {
                    Object[] row = new Object[readers.length];
                    for (int column = 0; column < readers.length; column++) {
                        row[column] = readers[column].read(result, column + 1);
                    }
                    rows.add(mapper.map(row));
                }
            }
            return rows;
        }
    }

    private Rendered renderedFor(DSLContext dsl) {
        Rendered last = rendered;
        if (last == null || last.dialect() != dsl.dialect()) {
            last = render(dsl);
            rendered = last;
        }
        return last;
    }

    private Rendered render(DSLContext dsl) {
        DSLContext dialect = DSL.using(dsl.dialect(), dsl.settings());
        Query query = builder.apply(dialect);
        Map<String, Param<?>> declared = query.getParams();
        String named =
                dialect.renderContext().paramType(ParamType.NAMED).visit(query).render();
        // Named parameters render as ":name"; JDBC takes "?" in the same order.
        StringBuilder sql = new StringBuilder(named.length());
        List<String> names = new ArrayList<>();
        List<Binder> binders = new ArrayList<>();
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
            names.add(name);
            binders.add(Binder.of(parameter.getType(), named));
            sql.append('?');
            i = end - 1;
        }
        for (Param<?> parameter : declared.values()) {
            // An unnamed value (a plain Java value in the built statement) would render as ":1".
            if (!parameter.isInline() && !names.contains(parameter.getParamName())) {
                throw new IllegalStateException("a value in " + named + " is neither a SqlParameter nor inline: "
                        + parameter + "; build it with SqlParameter.param() or DSL.inline");
            }
        }
        Field<?>[] fields = query instanceof ResultQuery<?> rows ? rows.fields() : new Field<?>[0];
        Reader[] readers = new Reader[fields.length];
        for (int i = 0; i < fields.length; i++) {
            readers[i] = Reader.of(fields[i].getType(), named);
        }
        return new Rendered(
                dsl.dialect(), sql.toString(), names.toArray(String[]::new), binders.toArray(Binder[]::new), readers);
    }

    /**
     * A timestamp with its offset as jOOQ writes one into a bound value ({@code DefaultBinding}'s
     * {@code F_TIMESTAMPTZ}): {@code 2026-12-03 23:50:01.123456+00:00}, so that the rows a template
     * writes read as those jOOQ wrote.
     */
    private static final DateTimeFormatter TIMESTAMP_WITH_OFFSET = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4, 10, SignStyle.NORMAL)
            .appendLiteral('-')
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .appendLiteral(' ')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "+00:00")
            .toFormatter();

    /** Binds one value as its parameter's column type; a null as a null of that type. */
    @FunctionalInterface
    private interface Binder {

        void bind(PreparedStatement statement, int index, Object value) throws SQLException;

        static Binder of(Class<?> type, String statement) {
            if (type == Long.class) {
                return orNull(Types.BIGINT, (s, i, v) -> s.setLong(i, (Long) v));
            }
            if (type == Integer.class) {
                return orNull(Types.INTEGER, (s, i, v) -> s.setInt(i, (Integer) v));
            }
            if (type == String.class) {
                return orNull(Types.VARCHAR, (s, i, v) -> s.setString(i, (String) v));
            }
            if (type == OffsetDateTime.class) {
                // As jOOQ binds one: text in its format; PostgreSQL's statement casts it.
                return orNull(
                        Types.VARCHAR, (s, i, v) -> s.setString(i, TIMESTAMP_WITH_OFFSET.format((OffsetDateTime) v)));
            }
            throw new IllegalStateException("no binder for a " + type.getName() + " value in " + statement);
        }

        /** {@code value}'s binder for a value, a null of {@code sqlType} for null. */
        private static Binder orNull(int sqlType, Binder value) {
            return (s, i, v) -> {
                if (v == null) {
                    s.setNull(i, sqlType);
                } else {
                    value.bind(s, i, v);
                }
            };
        }
    }

    /** Reads one column as its field's type; SQL null as null. */
    @FunctionalInterface
    private interface Reader {

        Object read(ResultSet result, int column) throws SQLException;

        static Reader of(Class<?> type, String statement) {
            if (type == Long.class) {
                return (r, c) -> {
                    long value = r.getLong(c);
                    return value == 0 && r.wasNull() ? null : value;
                };
            }
            if (type == Integer.class) {
                return (r, c) -> {
                    int value = r.getInt(c);
                    return value == 0 && r.wasNull() ? null : value;
                };
            }
            if (type == String.class) {
                return ResultSet::getString;
            }
            throw new IllegalStateException("no reader for a " + type.getName() + " column in " + statement);
        }
    }
}

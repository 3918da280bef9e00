package dev.heroes.db.sql;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;

/**
 * A named value of a {@link SqlTemplate}, declared once: the statement is built with its
 * {@link #param()}, and a request's value is bound through {@link SqlTemplate.Values#set}, so that
 * a misspelt name or a value of another type does not compile.
 *
 * @param name the placeholder's name in the rendered statement
 * @param type the column type its value binds as (a null binds as that type too)
 */
public record SqlParameter<T>(String name, DataType<T> type) {

    /** A value compared with or stored into {@code column}: bound as that column's type. */
    public static <T> SqlParameter<T> like(String name, Field<T> column) {
        return new SqlParameter<>(name, column.getDataType());
    }

    /** The placeholder to build the statement with. */
    public Param<T> param() {
        return DSL.param(name, type);
    }
}

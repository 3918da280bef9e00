package dev.heroes.model;

/**
 * One field of a PATCH body: left as it is ({@link Keep}), or set to a value that may be null
 * ({@link Set}). This is pydantic's {@code exclude_unset} made a type, so absent and null can never
 * be confused.
 */
public sealed interface Patch<T> {

    record Keep<T>() implements Patch<T> {}

    record Set<T>(T value) implements Patch<T> {}

    static <T> Patch<T> keep() {
        return new Keep<>();
    }

    static <T> Patch<T> set(T value) {
        return new Set<>(value);
    }
}

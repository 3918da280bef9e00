package dev.heroes.db;

/**
 * What a conditional write did: written (with the row's new version), or why not. The routes turn
 * each refusal into its status: 404, 412 (If-Match), or 422 (a referenced row is gone).
 */
public sealed interface WriteOutcome<T> {

    record Written<T>(T value, long version) implements WriteOutcome<T> {
    }

    record NotFound<T>() implements WriteOutcome<T> {
    }

    record VersionMismatch<T>() implements WriteOutcome<T> {
    }

    record MissingReference<T>() implements WriteOutcome<T> {
    }
}

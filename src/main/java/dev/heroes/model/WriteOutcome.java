package dev.heroes.model;

/**
 * What a conditional write did: wrote the row, which comes back {@link Versioned}, or why not. The
 * routes turn each refusal into its status: 404, 412 (If-Match), or 422 (a referenced row is gone).
 */
public sealed interface WriteOutcome<T>
        permits Versioned, WriteOutcome.NotFound, WriteOutcome.VersionMismatch, WriteOutcome.MissingReference {

    record NotFound<T>() implements WriteOutcome<T> {}

    record VersionMismatch<T>() implements WriteOutcome<T> {}

    record MissingReference<T>() implements WriteOutcome<T> {}
}

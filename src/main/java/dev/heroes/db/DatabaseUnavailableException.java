package dev.heroes.db;

/**
 * A request refused before it reached the database, answered {@code 503} with {@code Retry-After}:
 * the database cannot be reached, or every connection is busy and the request waited its limit
 * for one. It carries no stack trace: it is an answer, not a failure.
 */
public final class DatabaseUnavailableException extends RuntimeException {

    /** Why the request was refused; the log tells them apart. */
    public enum Reason {
        /** A connection attempt failed; no request waits until one succeeds again. */
        DATABASE_UNREACHABLE,
        /** Every connection was busy and too many requests waited, or waited too long, for one. */
        POOL_EXHAUSTED
    }

    private final Reason reason;

    DatabaseUnavailableException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

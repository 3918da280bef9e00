package dev.heroes.model;

import java.util.Set;

/**
 * Who sent a request, as authentication established it: what the access line names, and what
 * per-client limits and stored Idempotency-Key responses are kept apart by. The authentication
 * filter registers it in the request's context ({@code req.context().register(caller)}); a request
 * refused before that has none.
 *
 * @param id     the token's subject or the API key's id, or {@link #ANONYMOUS_ID}; never a credential
 * @param kind   how it proved who it is
 * @param scopes what it may do, e.g. {@code heroes:read}
 */
public record Caller(String id, Kind kind, Set<String> scopes) {

    /** The id of every request without credentials. */
    public static final String ANONYMOUS_ID = "anonymous";

    public enum Kind {
        /** A verified bearer JWT. */
        TOKEN,
        /** A known API key. */
        API_KEY,
        /** No credentials: the anonymous scopes, or every scope when authentication is off. */
        ANONYMOUS
    }

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public static Caller anonymous(Set<String> scopes) {
        return new Caller(ANONYMOUS_ID, Kind.ANONYMOUS, scopes);
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}

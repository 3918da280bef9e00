package dev.heroes.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request, as authentication established it: what the access line names, and what
 * per-client limits and stored Idempotency-Key responses are kept apart by. Authentication leaves
 * it in the request's {@link Slot} ({@link #remember}); a request refused before that has none.
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

    /**
     * Where the caller of the request being served is kept: bound by the request's first filter (when
     * authentication is on), filled by authentication, read by those around it. A slot of its own,
     * not Helidon's request context, which costs every request a context to create.
     */
    public static final class Slot {
        private Caller caller;

        public Caller caller() {
            return caller;
        }
    }

    /** The slot of the request the calling thread serves, when authentication is on. */
    public static final ScopedValue<Slot> SLOT = ScopedValue.newInstance();

    /** Keeps {@code caller} as the caller of the request the calling thread serves. */
    public static void remember(Caller caller) {
        if (SLOT.isBound()) {
            SLOT.get().caller = caller;
        }
    }

    /** The caller of the request the calling thread serves, once authentication established it. */
    public static Optional<Caller> current() {
        return SLOT.isBound() ? Optional.ofNullable(SLOT.get().caller) : Optional.empty();
    }

    public static Caller anonymous(Set<String> scopes) {
        return new Caller(ANONYMOUS_ID, Kind.ANONYMOUS, scopes);
    }

    /**
     * The id with how it was proved ({@code token:alice}, {@code api_key:dashboard}): a token's
     * subject and an API key's id of the same name are two callers.
     */
    public String qualifiedId() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
    }

    public boolean isAnonymous() {
        return kind == Kind.ANONYMOUS;
    }
}

package dev.heroes.auth;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Tokens verified recently, by the exact {@code Authorization} header that carried them: a client
 * sends the same header with every request
 * until it expires, and checking an RS256 or ES256 signature costs more than the rest of a request.
 * An entry lasts until the token's {@code exp} and at most {@link #MAX_AGE_MILLIS}, so that a key
 * removed from the JWKS stops being honoured within that time. Bounded: when full, expired entries
 * go, and if none has, all do (a flood of distinct valid tokens costs verification, not memory).
 */
final class VerifiedTokens {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_AGE_MILLIS = 5 * 60_000;

    private final Map<String, TokenVerifier.Verified> entries = new ConcurrentHashMap<>();
    private final LongSupplier millis;

    VerifiedTokens(LongSupplier millis) {
        this.millis = millis;
    }

    Optional<TokenVerifier.Verified> find(String header) {
        TokenVerifier.Verified verified = entries.get(header);
        if (verified == null) {
            return Optional.empty();
        }
        if (verified.expiresAtMillis() <= millis.getAsLong()) {
            entries.remove(header, verified);
            return Optional.empty();
        }
        return Optional.of(verified);
    }

    void keep(String header, TokenVerifier.Verified verified) {
        long now = millis.getAsLong();
        long until = Math.min(verified.expiresAtMillis(), now + MAX_AGE_MILLIS);
        if (until <= now) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(entry -> entry.expiresAtMillis() <= now);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        entries.put(header, new TokenVerifier.Verified(verified.authenticated(), until));
    }

    int size() {
        return entries.size();
    }
}

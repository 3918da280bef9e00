package dev.heroes.api;

import dev.heroes.model.Consistency;
import dev.heroes.model.WalPosition;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Read-your-writes across instances when reads may go to standbys: every write's response carries
 * a {@code Consistency-Token}, the primary's position after the write committed and when the token
 * expires ({@code 16/B374D848@1767225600}, the position as PostgreSQL writes a {@code pg_lsn}, then
 * the expiry in Unix seconds). A read that sends it back in its {@code Consistency-Token} header is
 * served by a standby only if that standby has replayed the write; otherwise by the primary. The
 * token, not the instance, carries what the client has written, so the client may read from any
 * instance. With {@code CONSISTENCY_COOKIE=on} the token is also set as the cookie
 * {@value #COOKIE} (HttpOnly, SameSite=Lax), which a browser sends back by itself.
 *
 * <p>A token that has expired, or that is no token, is read as none: the read may then go to any
 * standby within {@code DB_READ_MAX_LAG}, and show the primary's data as it was that long ago.
 * Presenting a token never refuses a request; a made-up one can only send its own reads to the
 * primary.
 */
public final class ConsistencyTokens {

    public static final HeaderName HEADER = HeaderNames.create("Consistency-Token");
    public static final String COOKIE = "heroes_consistency";

    /** Without standbys: nothing is read, nothing is sent. */
    public static final ConsistencyTokens OFF = new ConsistencyTokens(false, Duration.ZERO, false, Clock.systemUTC());

    private final boolean enabled;
    private final Duration ttl;
    private final boolean cookie;
    private final Clock clock;

    /**
     * @param ttl    how long a token routes the reads that present it ({@code CONSISTENCY_TOKEN_TTL})
     * @param cookie whether the token is also set as a cookie ({@code CONSISTENCY_COOKIE})
     */
    public ConsistencyTokens(Duration ttl, boolean cookie, Clock clock) {
        this(true, ttl, cookie, clock);
    }

    private ConsistencyTokens(boolean enabled, Duration ttl, boolean cookie, Clock clock) {
        this.enabled = enabled;
        this.ttl = ttl;
        this.cookie = cookie;
        this.clock = clock;
    }

    /** What {@code request} asks of the database's consistency, answered on {@code response}. */
    public Consistency of(ServerRequest request, ServerResponse response) {
        if (!enabled) {
            return Consistency.NONE;
        }
        return new RequestConsistency(presented(request), request.isSecure(), response);
    }

    /** The position the request's token names, if it presents one that has not expired. */
    private WalPosition presented(ServerRequest request) {
        Optional<String> token = request.headers()
                .first(HEADER)
                .or(() -> cookie ? request.headers().cookies().first(COOKIE).asOptional() : Optional.empty());
        return token.flatMap(this::position).orElse(WalPosition.START);
    }

    /** The position a token names while it has not expired; empty for an expired token or another text. */
    Optional<WalPosition> position(String token) {
        int at = token.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(token.substring(at + 1).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (expires <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        return WalPosition.parse(token.substring(0, at).strip());
    }

    /** The token for a write committed at {@code position}, now. */
    String token(WalPosition position) {
        return position + "@" + clock.instant().plus(ttl).getEpochSecond();
    }

    private final class RequestConsistency implements Consistency {
        private final WalPosition readsAfter;
        private final boolean secure;
        private final ServerResponse response;

        RequestConsistency(WalPosition readsAfter, boolean secure, ServerResponse response) {
            this.readsAfter = readsAfter;
            this.secure = secure;
            this.response = response;
        }

        @Override
        public WalPosition readsAfter() {
            return readsAfter;
        }

        @Override
        public void committed(WalPosition position) {
            String token = token(position);
            response.header(HEADER, token);
            if (cookie) {
                response.headers()
                        .addCookie(SetCookie.builder(COOKIE, token)
                                .path("/")
                                .maxAge(ttl)
                                .httpOnly(true)
                                .secure(secure)
                                .sameSite(SetCookie.SameSite.LAX)
                                .build());
            }
        }
    }
}

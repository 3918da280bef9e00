package dev.heroes.idempotency;

import static dev.heroes.db.schema.Tables.IDEMPOTENCY_KEY;

import dev.heroes.db.schema.tables.IdempotencyKey;
import dev.heroes.db.sql.RowMapper;
import dev.heroes.db.sql.SqlParameter;
import dev.heroes.db.sql.SqlTemplate;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/** The idempotency_key table's statements. Times are epoch milliseconds. */
final class IdempotencyRepository {

    /** A key's row as stored: {@code statusCode} is null while its first request is processing. */
    record StoredKey(String requestHash, Integer statusCode, String responseBody, String responseEtag) {}

    private static final IdempotencyKey K = IDEMPOTENCY_KEY;

    // The values its statements take, typed: SqlTemplate binds them by these and no other name.
    private static final SqlParameter<String> ROUTE = SqlParameter.like("route", K.ROUTE);
    private static final SqlParameter<String> KEY = SqlParameter.like("idempotency_key", K.IDEMPOTENCY_KEY_);
    private static final SqlParameter<String> REQUEST_HASH = SqlParameter.like("request_hash", K.REQUEST_HASH);
    private static final SqlParameter<Long> NOW = SqlParameter.like("now", K.CREATED_AT);
    private static final SqlParameter<Long> EXPIRES_AT = SqlParameter.like("expires_at", K.EXPIRES_AT);
    private static final SqlParameter<Long> STALE_BEFORE = SqlParameter.like("stale_before", K.CREATED_AT);
    private static final SqlParameter<Integer> STATUS_CODE = SqlParameter.like("status_code", K.STATUS_CODE);
    private static final SqlParameter<String> RESPONSE_BODY = SqlParameter.like("response_body", K.RESPONSE_BODY);
    private static final SqlParameter<String> RESPONSE_ETAG = SqlParameter.like("response_etag", K.RESPONSE_ETAG);

    private static final Condition THIS_KEY = K.ROUTE.eq(ROUTE.param()).and(K.IDEMPOTENCY_KEY_.eq(KEY.param()));

    private static final SqlTemplate<Record1<String>> CLAIM = new SqlTemplate<>(dsl -> dsl.insertInto(K)
            .set(K.ROUTE, ROUTE.param())
            .set(K.IDEMPOTENCY_KEY_, KEY.param())
            .set(K.REQUEST_HASH, REQUEST_HASH.param())
            .set(K.CREATED_AT, NOW.param())
            .set(K.EXPIRES_AT, EXPIRES_AT.param())
            .onConflict(K.ROUTE, K.IDEMPOTENCY_KEY_)
            .doUpdate()
            .set(K.REQUEST_HASH, DSL.excluded(K.REQUEST_HASH))
            .set(K.STATUS_CODE, DSL.inline(null, K.STATUS_CODE))
            .set(K.RESPONSE_BODY, DSL.inline(null, K.RESPONSE_BODY))
            .set(K.RESPONSE_ETAG, DSL.inline(null, K.RESPONSE_ETAG))
            .set(K.CREATED_AT, DSL.excluded(K.CREATED_AT))
            .set(K.EXPIRES_AT, DSL.excluded(K.EXPIRES_AT))
            .where(K.EXPIRES_AT.le(NOW.param()).or(K.STATUS_CODE.isNull().and(K.CREATED_AT.le(STALE_BEFORE.param()))))
            .returningResult(K.ROUTE));

    /**
     * Claims {@code key} for a request with {@code requestHash}, with the database's atomic
     * insert-on-conflict: true when this request is the one to process it. A key that expired, or
     * whose claim was never completed within {@code staleBefore}, can be claimed again.
     */
    boolean claim(
            DSLContext dsl, String route, String key, String requestHash, long now, long expiresAt, long staleBefore) {
        return CLAIM.fetchOptional(
                        dsl,
                        SqlTemplate.values()
                                .set(ROUTE, route)
                                .set(KEY, key)
                                .set(REQUEST_HASH, requestHash)
                                .set(NOW, now)
                                .set(EXPIRES_AT, expiresAt)
                                .set(STALE_BEFORE, staleBefore),
                        RowMapper.value())
                .isPresent();
    }

    private static final SqlTemplate<Record4<String, Integer, String, String>> FIND =
            new SqlTemplate<>(dsl -> dsl.select(K.REQUEST_HASH, K.STATUS_CODE, K.RESPONSE_BODY, K.RESPONSE_ETAG)
                    .from(K)
                    .where(THIS_KEY));

    Optional<StoredKey> find(DSLContext dsl, String route, String key) {
        return FIND.fetchOptional(
                dsl, SqlTemplate.values().set(ROUTE, route).set(KEY, key), RowMapper.mapping(StoredKey::new));
    }

    private static final SqlTemplate<?> COMPLETE = SqlTemplate.rowCount(dsl -> dsl.update(K)
            .set(K.STATUS_CODE, STATUS_CODE.param())
            .set(K.RESPONSE_BODY, RESPONSE_BODY.param())
            .set(K.RESPONSE_ETAG, RESPONSE_ETAG.param())
            .where(THIS_KEY));

    /** Stores the response of the claimed key's request, to be replayed to its retries. */
    void complete(DSLContext dsl, String route, String key, int statusCode, String body, String etag) {
        COMPLETE.execute(
                dsl,
                SqlTemplate.values()
                        .set(ROUTE, route)
                        .set(KEY, key)
                        .set(STATUS_CODE, statusCode)
                        .set(RESPONSE_BODY, body)
                        .set(RESPONSE_ETAG, etag));
    }

    private static final SqlTemplate<?> PRUNE =
            SqlTemplate.rowCount(dsl -> dsl.deleteFrom(K).where(K.EXPIRES_AT.le(NOW.param())));

    /** Deletes expired keys; returns how many. */
    int pruneExpired(DSLContext dsl, long now) {
        return PRUNE.execute(dsl, SqlTemplate.values().set(NOW, now));
    }
}

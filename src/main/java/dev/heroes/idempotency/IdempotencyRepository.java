package dev.heroes.idempotency;

import static dev.heroes.db.schema.Tables.IDEMPOTENCY_KEY;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The idempotency_key table's statements. Times are epoch milliseconds. */
final class IdempotencyRepository {

    /** A key's row as stored: {@code statusCode} is null while its first request is processing. */
    record StoredKey(String requestHash, Integer statusCode, String responseBody, String responseEtag) {}

    /**
     * Claims {@code key} for a request with {@code requestHash}, with the database's atomic
     * insert-on-conflict: true when this request is the one to process it. A key that expired, or
     * whose claim was never completed within {@code staleBefore}, can be claimed again.
     */
    boolean claim(
            DSLContext dsl, String route, String key, String requestHash, long now, long expiresAt, long staleBefore) {
        var k = IDEMPOTENCY_KEY;
        return dsl.insertInto(k)
                .set(k.ROUTE, route)
                .set(k.IDEMPOTENCY_KEY_, key)
                .set(k.REQUEST_HASH, requestHash)
                .set(k.CREATED_AT, now)
                .set(k.EXPIRES_AT, expiresAt)
                .onConflict(k.ROUTE, k.IDEMPOTENCY_KEY_)
                .doUpdate()
                .set(k.REQUEST_HASH, DSL.excluded(k.REQUEST_HASH))
                .set(k.STATUS_CODE, (Integer) null)
                .set(k.RESPONSE_BODY, (String) null)
                .set(k.RESPONSE_ETAG, (String) null)
                .set(k.CREATED_AT, DSL.excluded(k.CREATED_AT))
                .set(k.EXPIRES_AT, DSL.excluded(k.EXPIRES_AT))
                .where(k.EXPIRES_AT.le(now).or(k.STATUS_CODE.isNull().and(k.CREATED_AT.le(staleBefore))))
                .returningResult(k.ROUTE)
                .fetchOptional()
                .isPresent();
    }

    Optional<StoredKey> find(DSLContext dsl, String route, String key) {
        var k = IDEMPOTENCY_KEY;
        return dsl.select(k.REQUEST_HASH, k.STATUS_CODE, k.RESPONSE_BODY, k.RESPONSE_ETAG)
                .from(k)
                .where(k.ROUTE.eq(route).and(k.IDEMPOTENCY_KEY_.eq(key)))
                .fetchOptional(r -> new StoredKey(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Stores the response of the claimed key's request, to be replayed to its retries. */
    void complete(DSLContext dsl, String route, String key, int statusCode, String body, String etag) {
        var k = IDEMPOTENCY_KEY;
        dsl.update(k)
                .set(k.STATUS_CODE, statusCode)
                .set(k.RESPONSE_BODY, body)
                .set(k.RESPONSE_ETAG, etag)
                .where(k.ROUTE.eq(route).and(k.IDEMPOTENCY_KEY_.eq(key)))
                .execute();
    }

    /** Gives a claimed key back when its request failed: nothing is stored for it. */
    void release(DSLContext dsl, String route, String key) {
        var k = IDEMPOTENCY_KEY;
        dsl.deleteFrom(k)
                .where(k.ROUTE.eq(route).and(k.IDEMPOTENCY_KEY_.eq(key)).and(k.STATUS_CODE.isNull()))
                .execute();
    }

    /** Deletes expired keys; returns how many. */
    int pruneExpired(DSLContext dsl, long now) {
        return dsl.deleteFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.EXPIRES_AT.le(now))
                .execute();
    }
}

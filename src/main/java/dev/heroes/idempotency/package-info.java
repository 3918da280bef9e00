/**
 * {@code Idempotency-Key} on the creates: a retried POST gets the first answer again, a key reused
 * for another body a 422, and a key in flight a 409; keys and their answers are kept for
 * {@code IDEMPOTENCY_KEY_TTL}. Used by the features, it knows none of them.
 *
 * <p>May import: {@code api}, {@code api.validation}, {@code db}, {@code db.sql}, {@code db.schema},
 * {@code model}, {@code json}.
 */
package dev.heroes.idempotency;

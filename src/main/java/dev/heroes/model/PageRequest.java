package dev.heroes.model;

/**
 * {@code ?offset=&limit=&after_id=} of every list: the guide's capped pagination, so no request can
 * ask for a whole table, plus keyset pages ({@code after_id}: rows with a greater id, found through
 * the primary key, so that page 1,000 costs what page 1 costs).
 *
 * @param afterId null when the client sent none
 */
public record PageRequest(long offset, int limit, Long afterId) {

    public static final int MAX_LIMIT = 100;

    /** Whether a page of {@code size} rows may have a next one. */
    public boolean isFull(int size) {
        return limit > 0 && size == limit;
    }
}

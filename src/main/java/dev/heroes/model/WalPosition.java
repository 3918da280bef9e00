package dev.heroes.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A position in PostgreSQL's write-ahead log (its {@code pg_lsn}): where the primary's history was
 * when a write committed, or how far a standby has replayed it. A standby that has replayed up to a
 * write's position shows that write to every query that starts after it.
 *
 * @param value the position as PostgreSQL counts it: bytes of log since the cluster began
 */
public record WalPosition(long value) implements Comparable<WalPosition> {

    /** Before anything: every server has replayed this far. */
    public static final WalPosition START = new WalPosition(0);

    /** The position written as PostgreSQL writes a {@code pg_lsn}: {@code 16/B374D848}, hex. */
    @Override
    public String toString() {
        return (Long.toHexString(value >>> 32) + "/" + Long.toHexString(value & 0xFFFF_FFFFL)).toUpperCase(Locale.ROOT);
    }

    /** A {@code pg_lsn} as PostgreSQL writes it; empty when {@code text} is not one. */
    public static Optional<WalPosition> parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
            return Optional.empty();
        }
        try {
            long high = Long.parseUnsignedLong(text.substring(0, slash), 16);
            long low = Long.parseUnsignedLong(text.substring(slash + 1), 16);
            return Optional.of(new WalPosition(high << 32 | low));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isAtLeast(WalPosition other) {
        return Long.compareUnsigned(value, other.value) >= 0;
    }

    @Override
    public int compareTo(WalPosition other) {
        return Long.compareUnsigned(value, other.value);
    }
}

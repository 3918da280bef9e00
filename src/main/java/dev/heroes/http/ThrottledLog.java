package dev.heroes.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One log line per interval for an event that can happen thousands of times a second (every
 * request refused while the database is down or the pool is exhausted), with the number of times it
 * happened since the last line, so that the log neither floods nor hides how often.
 */
final class ThrottledLog {

    private final long intervalNanos;
    private final AtomicLong nextLineAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong occurrences = new AtomicLong();

    ThrottledLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Counts one occurrence; calls {@code line} with the count when a line is due. */
    void occurred(LongConsumer line) {
        occurrences.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLineAt.get();
        if ((due == Long.MIN_VALUE || now - due >= 0) && nextLineAt.compareAndSet(due, now + intervalNanos)) {
            line.accept(occurrences.getAndSet(0));
        }
    }
}

package dev.heroes.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Where every log line goes: formatted on the thread that logs (so that it carries that thread's
 * {@link RequestId}), then written to the output in batches by a thread of its own. With an access
 * line per request, one write per line would be a system call per request; lines wait instead for
 * at most {@link #FLUSH_INTERVAL} or {@link #FLUSH_BYTES}, and a warning or an error wakes the
 * writer at once.
 *
 * <p>A thread that logs never writes to the output itself: a paused log reader (a collector that
 * stops reading its pipe, a disk busy with flushes) would otherwise hold every request that logs,
 * all of them finishing together when the write returns. Lines wait in memory while the output is
 * slow, up to {@link #MAX_PENDING_BYTES}; past that they are dropped and counted, and a warning
 * says how many once the output takes lines again.
 *
 * <p>Access lines, one per request, take a shorter way ({@link #publishAccess}): no
 * {@code LogRecord}, no string; the format writes them straight into the waiting bytes.
 */
final class LogOutput extends Handler {

    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    static final int FLUSH_BYTES = 64 * 1024;
    /** The most bytes kept for an output that does not take them: about 20,000 access lines. */
    static final int MAX_PENDING_BYTES = 4 * 1024 * 1024;

    private static final String LOGGER = "heroes.log";

    private final OutputStream out;
    /** Guards {@link #pending}, {@link #dropped} and {@link #due}; never held while writing. */
    private final ReentrantLock lock = new ReentrantLock();

    private final Condition due = lock.newCondition();
    /** One writer at a time (the writer thread, {@link #flush} or {@link #close}), in order. */
    private final ReentrantLock writing = new ReentrantLock();

    private final Thread writer;
    private Pending pending = new Pending(FLUSH_BYTES + 4096);
    /** The batch the writer fills the output from, swapped with {@link #pending}; under {@link #writing}. */
    private Pending spare = new Pending(FLUSH_BYTES + 4096);

    private boolean urgent;
    private long dropped;
    private final AtomicLong droppedTotal = new AtomicLong();
    private volatile boolean closed;

    LogOutput(OutputStream out, Formatter formatter) {
        this.out = out;
        setFormatter(formatter);
        this.writer = Thread.ofPlatform().daemon().name("heroes-log-writer").start(this::writeWhenDue);
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        lock.lock();
        try {
            if (pending.size() + line.length > MAX_PENDING_BYTES) {
                dropped++;
                return;
            }
            pending.append(line);
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                urgent = true;
                due.signal();
            } else if (pending.size() >= FLUSH_BYTES) {
                due.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the access line of one request, as the format has it, with its request id. The same
     * as publishing a record of the {@link AccessLog} logger, without making one.
     */
    void publishAccess(AccessLog.Entry entry, String requestId) {
        if (closed
                || !(getFormatter() instanceof LogFormats.AccessLineFormat format)
                || getLevel().intValue() > Level.INFO.intValue()) {
            return;
        }
        long epochMillis = System.currentTimeMillis();
        lock.lock();
        try {
            // One line may pass the bound: its length is known only once written, and the request
            // line it names is itself bounded.
            if (pending.size() >= MAX_PENDING_BYTES) {
                dropped++;
                return;
            }
            format.writeAccessLine(pending, entry, requestId, epochMillis);
            if (pending.size() >= FLUSH_BYTES) {
                due.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lines dropped since the start because the output did not take them fast enough. */
    long droppedLines() {
        return droppedTotal.get();
    }

    /** Writes everything waiting now, on the caller's thread (before the process exits). */
    @Override
    public void flush() {
        writeWaiting();
    }

    private void writeWaiting() {
        writing.lock();
        try {
            Pending batch;
            long droppedNow;
            lock.lock();
            try {
                batch = pending;
                pending = spare;
                urgent = false;
                droppedNow = dropped;
                dropped = 0;
            } finally {
                lock.unlock();
            }
            if (droppedNow > 0) {
                droppedTotal.addAndGet(droppedNow);
                batch.append(notice(droppedNow));
            }
            write(batch);
            spare = batch.reset();
        } finally {
            writing.unlock();
        }
    }

    private void write(Pending batch) {
        if (batch.size() == 0) {
            return;
        }
        try {
            out.write(batch.bytes, 0, batch.size);
            out.flush();
        } catch (IOException e) {
            reportError("could not write log lines", e, ErrorManager.WRITE_FAILURE);
        }
    }

    private byte[] notice(long droppedNow) {
        LogRecord record = new LogRecord(
                Level.WARNING,
                droppedNow + " log lines dropped: the output took lines more slowly than they came, and "
                        + MAX_PENDING_BYTES / 1024 / 1024 + " MiB were already waiting");
        record.setLoggerName(LOGGER);
        try {
            return getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    private void writeWhenDue() {
        while (!closed) {
            lock.lock();
            try {
                if (!urgent && pending.size() < FLUSH_BYTES) {
                    due.await(FLUSH_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            writeWaiting();
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        writeWaiting();
    }

    /** The bytes waiting to be written: a growable array that lines are appended to, under the lock. */
    static final class Pending {

        private byte[] bytes;
        private int size;

        Pending(int capacity) {
            bytes = new byte[capacity];
        }

        int size() {
            return size;
        }

        /** Empties it, giving back the memory that a slow output made it take. */
        Pending reset() {
            size = 0;
            if (bytes.length > 4 * FLUSH_BYTES) {
                bytes = new byte[FLUSH_BYTES + 4096];
            }
            return this;
        }

        Pending append(byte[] more) {
            ensure(more.length);
            System.arraycopy(more, 0, bytes, size, more.length);
            size += more.length;
            return this;
        }

        Pending append(char ascii) {
            ensure(1);
            bytes[size++] = (byte) ascii;
            return this;
        }

        /** Text that is ASCII but for rare characters, which are written as UTF-8. */
        Pending append(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    return append(text.substring(i).getBytes(StandardCharsets.UTF_8));
                }
                bytes[size++] = (byte) c;
            }
            return this;
        }

        Pending append(long number) {
            if (number < 0) {
                return append(Long.toString(number));
            }
            ensure(20);
            int digits = 1;
            for (long rest = number / 10; rest > 0; rest /= 10) {
                digits++;
            }
            for (int i = size + digits - 1; i >= size; i--) {
                bytes[i] = (byte) ('0' + number % 10);
                number /= 10;
            }
            size += digits;
            return this;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        @Override
        public String toString() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
    }
}

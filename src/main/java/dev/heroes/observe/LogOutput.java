package dev.heroes.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Where every log line goes: formatted on the thread that logs (so that it carries that thread's
 * {@link RequestId}), then written to the output in batches. With an access line per request, one
 * write per line would be a system call per request; lines wait instead for at most
 * {@link #FLUSH_INTERVAL} or {@link #FLUSH_BYTES}, and a warning or an error, or closing the
 * handler, writes everything at once.
 *
 * <p>Access lines, one per request, take a shorter way ({@link #publishAccess}): no
 * {@code LogRecord}, no string; the format writes them straight into the waiting bytes.
 */
final class LogOutput extends Handler {

    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final Pending pending = new Pending(FLUSH_BYTES + 4096);
    private final Thread flusher;
    private volatile boolean closed;

    LogOutput(OutputStream out, Formatter formatter) {
        this.out = out;
        setFormatter(formatter);
        this.flusher = Thread.ofPlatform().daemon().name("heroes-log-flusher").start(this::flushPeriodically);
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
            pending.append(line);
            if (record.getLevel().intValue() >= Level.WARNING.intValue() || pending.size() >= FLUSH_BYTES) {
                writePending();
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
            format.writeAccessLine(pending, entry, requestId, epochMillis);
            if (pending.size() >= FLUSH_BYTES) {
                writePending();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void flush() {
        lock.lock();
        try {
            writePending();
        } finally {
            lock.unlock();
        }
    }

    private void writePending() {
        if (pending.size() == 0) {
            return;
        }
        try {
            out.write(pending.bytes, 0, pending.size);
            out.flush();
        } catch (IOException e) {
            reportError("could not write log lines", e, ErrorManager.WRITE_FAILURE);
        }
        pending.reset();
    }

    private void flushPeriodically() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        flush();
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

        void reset() {
            size = 0;
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

package dev.heroes.observe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 */
final class LogOutput extends Handler {

    static final Duration FLUSH_INTERVAL = Duration.ofMillis(200);
    static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(FLUSH_BYTES + 4096);
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
            pending.write(line, 0, line.length);
            if (record.getLevel().intValue() >= Level.WARNING.intValue() || pending.size() >= FLUSH_BYTES) {
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
            pending.writeTo(out);
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
}

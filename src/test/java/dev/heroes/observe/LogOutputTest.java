package dev.heroes.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The log's output as a request sees it: logging never waits for the output. A log reader that stops
 * reading (a paused collector, a full pipe) stalled every request that logged until it read again.
 */
class LogOutputTest {

    @Test
    void linesAreKeptWhileTheOutputIsBlockedAndWrittenInOrderWhenItTakesThemAgain() throws Exception {
        BlockedOutput output = new BlockedOutput();
        LogOutput log = new LogOutput(output, new LogFormats.Text());
        try {
            log.publish(record(Level.WARNING, "first"));
            assertThat(output.writing.await(10, TimeUnit.SECONDS))
                    .as("the warning wakes the writer, which is now blocked in the output")
                    .isTrue();

            Thread logger = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000; i++) {
                    log.publish(record(i % 100 == 0 ? Level.WARNING : Level.INFO, "line " + i));
                }
            });
            logger.join(TimeUnit.SECONDS.toMillis(10));

            assertThat(logger.isAlive())
                    .as("a thread that logs goes on while the output is blocked")
                    .isFalse();
            assertThat(output.written()).isEmpty();
        } finally {
            output.release.countDown();
            log.close();
        }
        List<String> lines = output.written().lines().toList();
        assertThat(lines).hasSize(1_001);
        assertThat(lines.getFirst()).endsWith("first");
        assertThat(lines.getLast()).endsWith("line 999");
        assertThat(log.droppedLines()).isZero();
    }

    @Test
    void pastTheBoundLinesAreDroppedCountedAndReportedOnceTheOutputTakesLinesAgain() throws Exception {
        BlockedOutput output = new BlockedOutput();
        LogOutput log = new LogOutput(output, new LogFormats.Text());
        String padding = "x".repeat(1_000);
        int published = 2 * LogOutput.MAX_PENDING_BYTES / padding.length();
        try {
            log.publish(record(Level.WARNING, "first"));
            assertThat(output.writing.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < published; i++) {
                log.publish(record(Level.INFO, i + " " + padding));
            }
        } finally {
            output.release.countDown();
            log.close();
        }

        List<String> lines = output.written().lines().toList();
        List<String> kept =
                lines.stream().filter(line -> line.endsWith(padding)).toList();
        assertThat(kept).hasSizeBetween(1, published / 2);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i))
                    .as("the lines kept are the first ones, in order")
                    .contains(": " + i + " x");
        }
        assertThat(log.droppedLines()).isEqualTo(published - kept.size());
        assertThat(lines.getLast()).contains(log.droppedLines() + " log lines dropped");
    }

    @Test
    void aCloseWritesWhatIsWaiting() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LogOutput log = new LogOutput(output, new LogFormats.Text());

        log.publish(record(Level.INFO, "only line"));
        log.close();

        assertThat(output.toString(StandardCharsets.UTF_8)).endsWith("only line" + System.lineSeparator());
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("test");
        return record;
    }

    /** An output whose first write blocks until released, as a pipe nobody reads. */
    private static final class BlockedOutput extends OutputStream {

        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }

        String written() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}

package dev.heroes.observe;

import dev.heroes.model.Caller;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per request, written by the log handler like every other line ({@link LogFormats}):
 * method, route template, status, response bytes, duration and, as on every line a request causes,
 * its id. The entry travels as the record's parameter, so the JSON format writes its fields as
 * fields and the text format as {@code key=value}.
 */
final class AccessLog {

    /** The logger's name; {@code heroes.access.level=OFF} in a logging.properties silences it too. */
    static final String LOGGER = "heroes.access";

    /**
     * @param route  the route template, or {@code unmatched}
     * @param bytes  bytes of the response, headers and body, as written to the connection
     * @param nanos  from the request's first filter to its last byte handed to the connection
     * @param client the address the request came from
     * @param caller who sent it, as authentication established it; null when it is off or refused
     *               the request before knowing
     */
    private static final Logger ROOT = LogManager.getLogManager().getLogger("");

    record Entry(String method, String route, int status, long bytes, long nanos, String client, Caller caller) {}

    private final Logger logger = Logger.getLogger(LOGGER);

    boolean isOn() {
        return logger.isLoggable(Level.INFO);
    }

    /**
     * Writes the line. Where it goes to the service's own output ({@link LogOutput}, the root's
     * handler), the line is written straight into it: one per request, it skips JUL's record.
     * Any other handler gets a record, as from any logger.
     */
    void log(Entry entry, String requestId) {
        if (logger.getUseParentHandlers() && logger.getHandlers().length == 0) {
            for (Handler handler : ROOT.getHandlers()) {
                if (handler instanceof LogOutput output) {
                    output.publishAccess(entry, requestId);
                } else {
                    handler.publish(record(entry));
                }
            }
        } else {
            logger.log(record(entry));
        }
    }

    private static LogRecord record(Entry entry) {
        LogRecord record = new LogRecord(Level.INFO, null);
        record.setLoggerName(LOGGER);
        record.setParameters(new Object[] {entry});
        return record;
    }
}

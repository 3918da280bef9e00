package dev.heroes.observe;

import dev.heroes.config.AppConfig.LogFormat;
import dev.heroes.config.AppConfig.LogLevel;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sends every log line (the service's, Helidon's, Hikari's, Flyway's: all reach java.util.logging)
 * to standard output, in the format {@code LOG_FORMAT} asks for, one line per record.
 */
public final class Logging {

    private Logging() {}

    /** Replaces the root logger's handlers with one that writes to standard output. */
    public static void toStandardOutput(LogFormat format) {
        install(new FileOutputStream(FileDescriptor.out), format);
    }

    /** Replaces the root logger's handlers with one that writes to {@code out}. */
    public static Handler install(OutputStream out, LogFormat format) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            // Flushed, not closed: Helidon's console handler would close System.out with it.
            handler.flush();
            root.removeHandler(handler);
        }
        Formatter formatter = format == LogFormat.JSON ? new LogFormats.Json() : new LogFormats.Text();
        Handler output = new LogOutput(out, formatter);
        root.addHandler(output);
        return output;
    }

    /**
     * Writes lines from {@code level} up ({@code LOG_LEVEL}): the service's, and every library's
     * that {@code logging.properties} leaves at the default. The libraries set there (Helidon,
     * Hikari, Flyway, jOOQ: warnings) and the access log ({@code ACCESS_LOG}) keep their own.
     */
    public static void level(LogLevel level) {
        LogManager.getLogManager()
                .getLogger("")
                .setLevel(
                        switch (level) {
                            case DEBUG -> Level.FINE;
                            case INFO -> Level.INFO;
                            case WARN -> Level.WARNING;
                            case ERROR -> Level.SEVERE;
                        });
    }

    /** Writes what is waiting, before the process exits. */
    public static void flush() {
        for (Handler handler : LogManager.getLogManager().getLogger("").getHandlers()) {
            handler.flush();
        }
    }
}

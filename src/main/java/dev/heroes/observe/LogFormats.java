package dev.heroes.observe;

import dev.heroes.model.Caller;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The two ways a log line is written ({@code LOG_FORMAT}): {@link Text} for a person, {@link Json}
 * for a log shipper. Both put the {@link RequestId} of the request being served on the line, so
 * they must format on the thread that logs, as {@link LogOutput} does.
 */
final class LogFormats {

    private LogFormats() {}

    /**
     * A format that writes an access line straight into {@link LogOutput}'s waiting bytes, the same
     * line as it makes of a record of the {@link AccessLog} logger, without a record or a string.
     */
    interface AccessLineFormat {
        void writeAccessLine(LogOutput.Pending to, AccessLog.Entry entry, String requestId, long epochMillis);
    }

    /** {@code 2026-12-02T17:00:00.123Z INFO dev.heroes.http.ErrorResponses: message request_id=...}. */
    static final class Text extends Formatter implements AccessLineFormat {

        private final Timestamps timestamps = new Timestamps();

        @Override
        public void writeAccessLine(LogOutput.Pending to, AccessLog.Entry entry, String requestId, long epochMillis) {
            timestamps.append(to, epochMillis);
            to.append(" INFO ").append(AccessLog.LOGGER).append(": ");
            // The method is the client's text (the request line is read as sent): kept printable.
            appendPrintable(to, entry.method());
            to.append(' ')
                    .append(entry.route())
                    .append(' ')
                    .append(entry.status())
                    .append(" bytes=")
                    .append(entry.bytes())
                    .append(" duration_ms=");
            appendMillis(to, entry.nanos());
            to.append(" client=").append(entry.client());
            if (entry.caller() != null) {
                to.append(" caller=").append(callerKind(entry.caller())).append(':');
                appendPrintable(to, entry.caller().id());
            }
            if (requestId != null) {
                to.append(" request_id=").append(requestId);
            }
            if (TraceContext.CURRENT.isBound()) {
                TraceContext trace = TraceContext.CURRENT.get();
                to.append(" trace_id=")
                        .append(trace.traceId())
                        .append(" span_id=")
                        .append(trace.spanId());
            }
            to.append('\n');
        }

        @Override
        public String format(LogRecord record) {
            if (access(record) instanceof AccessLog.Entry entry) {
                return accessLine(this, record, entry);
            }
            StringBuilder line = new StringBuilder(160);
            timestamps.append(line, record.getInstant());
            line.append(' ')
                    .append(level(record.getLevel()))
                    .append(' ')
                    .append(record.getLoggerName())
                    .append(": ");
            // Messages quote clients' text (a path, a header): escaped, so none can end the line
            // and forge the next one.
            line.append(printable(formatMessage(record)));
            RequestId.current().ifPresent(id -> line.append(" request_id=").append(id));
            TraceContext.current()
                    .ifPresent(trace -> line.append(" trace_id=")
                            .append(trace.traceId())
                            .append(" span_id=")
                            .append(trace.spanId()));
            line.append('\n');
            if (record.getThrown() != null) {
                line.append(stackTrace(record.getThrown()));
            }
            return line.toString();
        }
    }

    /**
     * One JSON object per line with Elastic Common Schema names: {@code @timestamp},
     * {@code log.level}, {@code log.logger}, {@code message}, {@code process.thread.name},
     * {@code http.request.id}, {@code error.*}; an access line adds {@code event.dataset},
     * {@code http.request.method}, {@code http.route} (OpenTelemetry's name: ECS has none for a
     * route template), {@code http.response.status_code}, {@code http.response.bytes} (headers and body) and
     * {@code event.duration} (nanoseconds, as ECS has it).
     */
    static final class Json extends Formatter implements AccessLineFormat {

        static final String ECS_VERSION = "8.11.0";

        private final Timestamps timestamps = new Timestamps();

        @Override
        public void writeAccessLine(LogOutput.Pending to, AccessLog.Entry entry, String requestId, long epochMillis) {
            to.append("{\"@timestamp\":\"");
            timestamps.append(to, epochMillis);
            to.append("\",\"log.level\":\"INFO\",\"log.logger\":\"")
                    .append(AccessLog.LOGGER)
                    .append("\",\"message\":\"");
            escape(to, entry.method());
            to.append(' ');
            escape(to, entry.route());
            to.append(' ')
                    .append(entry.status())
                    .append("\",\"event.dataset\":\"")
                    .append(AccessLog.LOGGER)
                    .append("\",\"http.request.method\":\"");
            escape(to, entry.method());
            to.append("\",\"http.route\":\"");
            escape(to, entry.route());
            to.append("\",\"http.response.status_code\":")
                    .append(entry.status())
                    .append(",\"http.response.bytes\":")
                    .append(entry.bytes())
                    .append(",\"event.duration\":")
                    .append(entry.nanos())
                    .append(",\"process.thread.name\":\"");
            escape(to, Thread.currentThread().getName());
            to.append("\",\"client.ip\":\"");
            escape(to, entry.client());
            to.append('"');
            if (entry.caller() != null) {
                to.append(",\"user.id\":\"");
                escape(to, entry.caller().id());
                to.append("\",\"user.roles\":[\"")
                        .append(callerKind(entry.caller()))
                        .append("\"]");
            }
            if (requestId != null) {
                to.append(",\"http.request.id\":\"");
                escape(to, requestId);
                to.append('"');
            }
            if (TraceContext.CURRENT.isBound()) {
                TraceContext trace = TraceContext.CURRENT.get();
                to.append(",\"trace.id\":\"")
                        .append(trace.traceId())
                        .append("\",\"span.id\":\"")
                        .append(trace.spanId())
                        .append('"');
            }
            to.append(",\"ecs.version\":\"").append(ECS_VERSION).append("\"}\n");
        }

        private static void escape(LogOutput.Pending to, String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
                    StringBuilder escaped = new StringBuilder(text.length() + 8);
                    escape(escaped, text);
                    to.append(escaped.toString());
                    return;
                }
            }
            to.append(text);
        }

        @Override
        public String format(LogRecord record) {
            if (access(record) instanceof AccessLog.Entry entry) {
                return accessLine(this, record, entry);
            }
            StringBuilder line = new StringBuilder(256);
            line.append("{\"@timestamp\":\"");
            timestamps.append(line, record.getInstant());
            line.append("\",\"log.level\":\"").append(level(record.getLevel())).append('"');
            field(line, "log.logger", record.getLoggerName());
            field(line, "message", formatMessage(record));
            field(line, "process.thread.name", Thread.currentThread().getName());
            RequestId.current().ifPresent(id -> field(line, "http.request.id", id));
            TraceContext.current().ifPresent(trace -> {
                field(line, "trace.id", trace.traceId());
                field(line, "span.id", trace.spanId());
            });
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                field(line, "error.type", thrown.getClass().getName());
                field(line, "error.message", String.valueOf(thrown.getMessage()));
                field(line, "error.stack_trace", stackTrace(thrown));
            }
            field(line, "ecs.version", ECS_VERSION);
            return line.append("}\n").toString();
        }

        private static void field(StringBuilder line, String name, String value) {
            line.append(",\"").append(name).append("\":\"");
            escape(line, value == null ? "" : value);
            line.append('"');
        }

        /** JSON string escaping (RFC 8259): quotes, backslashes and control characters. */
        static void escape(StringBuilder to, String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> to.append("\\\"");
                    case '\\' -> to.append("\\\\");
                    case '\n' -> to.append("\\n");
                    case '\r' -> to.append("\\r");
                    case '\t' -> to.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            to.append(String.format("\\u%04x", (int) c));
                        } else {
                            to.append(c);
                        }
                    }
                }
            }
        }
    }

    private static Object access(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 && AccessLog.LOGGER.equals(record.getLoggerName())
                ? parameters[0]
                : null;
    }

    /** An access line that came as a record (to a handler other than {@link LogOutput}): the same bytes. */
    private static String accessLine(AccessLineFormat format, LogRecord record, AccessLog.Entry entry) {
        LogOutput.Pending line = new LogOutput.Pending(256);
        format.writeAccessLine(
                line,
                entry,
                RequestId.current().orElse(null),
                record.getInstant().toEpochMilli());
        return line.toString();
    }

    /** JUL's levels under the names every other logging library uses. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.CONFIG.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static void appendMillis(LogOutput.Pending to, long nanos) {
        long micros = nanos / 1_000;
        to.append(micros / 1_000).append('.');
        long fraction = micros % 1_000;
        if (fraction < 100) {
            to.append('0');
        }
        if (fraction < 10) {
            to.append('0');
        }
        to.append(fraction);
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** ISO-8601 in UTC to the millisecond; the text up to the second is made once a second. */
    private static final class Timestamps {

        private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

        private record Second(long epochSecond, String text) {}

        private volatile Second last = new Second(Long.MIN_VALUE, "");

        void append(LogOutput.Pending to, long epochMillis) {
            int millis = (int) Math.floorMod(epochMillis, 1_000L);
            to.append(second(Math.floorDiv(epochMillis, 1_000L))).append('.');
            if (millis < 100) {
                to.append('0');
            }
            if (millis < 10) {
                to.append('0');
            }
            to.append(millis).append('Z');
        }

        private String second(long epochSecond) {
            Second second = last;
            if (second.epochSecond() != epochSecond) {
                second = new Second(
                        epochSecond, TO_THE_SECOND.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC)));
                last = second;
            }
            return second.text();
        }

        void append(StringBuilder to, Instant instant) {
            String second = second(instant.getEpochSecond());
            int millis = instant.getNano() / 1_000_000;
            to.append(second).append('.');
            if (millis < 100) {
                to.append('0');
            }
            if (millis < 10) {
                to.append('0');
            }
            to.append(millis).append('Z');
        }
    }

    /** How the caller proved who it is, as its access line says it: {@code token}, {@code key}, {@code anonymous}. */
    private static String callerKind(Caller caller) {
        return switch (caller.kind()) {
            case TOKEN -> "token";
            case API_KEY -> "key";
            case ANONYMOUS -> "anonymous";
        };
    }

    /** Whether a text line shows {@code c} as {@code \\uXXXX}: control characters, DEL, line separators. */
    private static boolean unprintable(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    /** {@code text} with what {@link #unprintable} names escaped; the same string when there is none. */
    static String printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unprintable(text.charAt(i))) {
                StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
                for (int j = i; j < text.length(); j++) {
                    char c = text.charAt(j);
                    if (unprintable(c)) {
                        escaped.append("\\u").append(HexFormat.of().toHexDigits(c));
                    } else {
                        escaped.append(c);
                    }
                }
                return escaped.toString();
            }
        }
        return text;
    }

    /**
     * Client text in a field of a text line (a method, a token's subject): escaped as
     * {@link #printable} does, spaces too, so that it stays one field.
     */
    private static void appendPrintable(LogOutput.Pending to, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || unprintable(c)) {
                to.append(printable(text).replace(" ", "\\u0020"));
                return;
            }
        }
        to.append(text);
    }
}

package dev.heroes.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the data lives, from {@code DATABASE_URL}: the guide's SQLAlchemy forms or a JDBC URL.
 *
 * <p>Credentials are kept apart from the JDBC URL so that the URL can be logged; {@link #toString()}
 * never shows the password.
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, Optional<String> user, Optional<String> password) {

    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    public static final String DEFAULT = "sqlite:///heroes.db";

    static final String EXPECTED = "expected postgresql://user:password@host:5432/db (several hosts as"
            + " host1:5432,host2:5432 with ?target_session_attrs=read-write; also postgresql+psycopg://,"
            + " postgresql+psycopg2://, postgresql+asyncpg://, postgres://), sqlite:///relative.db,"
            + " sqlite:////absolute/path.db, jdbc:postgresql://... or jdbc:sqlite:...";

    /** What follows the user and password: one host or several, the database and the query. */
    private static final Pattern SERVER =
            Pattern.compile("(?<hosts>[^/?#@]+)/(?<database>[^/?#@]+)(?:\\?(?<query>[^#]*))?");

    /** One of the hosts, with its port or without (5432). */
    private static final Pattern HOST =
            Pattern.compile("(?<host>\\[[0-9a-fA-F:.]+]|[^:/?#@\\[\\],]+)(?::(?<port>\\d{1,5}))?");

    /**
     * libpq's {@code target_session_attrs} (which of several hosts to use) as pgjdbc's
     * {@code targetServerType}.
     */
    private static final Map<String, String> TARGET_SERVER_TYPES = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    /**
     * Reads a URL in any accepted form.
     *
     * @throws ConfigException saying what was expected; the message never contains the password
     */
    public static DatabaseUrl parse(String url, Optional<String> envUser, Optional<String> envPassword) {
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            return fromJdbc(trimmed, lower, envUser, envPassword);
        }
        if (lower.startsWith("sqlite:")) {
            return fromSqlite(trimmed);
        }
        if (lower.startsWith("postgresql:") || lower.startsWith("postgresql+") || lower.startsWith("postgres:")) {
            return fromPostgres(trimmed, envUser, envPassword);
        }
        throw invalid(trimmed, "unsupported scheme");
    }

    private static DatabaseUrl fromJdbc(String url, String lower, Optional<String> user, Optional<String> password) {
        if (lower.startsWith("jdbc:sqlite:")) {
            requireSqliteFile(url, url.substring("jdbc:sqlite:".length()));
            return new DatabaseUrl(Kind.SQLITE, url, Optional.empty(), Optional.empty());
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Kind.POSTGRESQL, url, user, password);
        }
        throw invalid(url, "unsupported JDBC driver");
    }

    private static DatabaseUrl fromSqlite(String url) {
        if (!url.startsWith("sqlite:///")) {
            throw invalid(url, "a SQLite URL names a file after three slashes");
        }
        String path = url.substring("sqlite:///".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        requireSqliteFile(url, path);
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + path, Optional.empty(), Optional.empty());
    }

    private static void requireSqliteFile(String url, String path) {
        if (path.isBlank() || path.contains(":memory:") || path.contains("mode=memory")) {
            throw invalid(
                    url, "the service needs a SQLite file; an in-memory database would lose every write" + " at exit");
        }
    }

    /**
     * The URL split where its credentials end: at its last {@code @}, so that a
     * password holding an unencoded {@code @}, {@code /} or {@code :} is still the password and
     * never becomes the host or the path (nor shows in a message).
     *
     * @param userInfo {@code user:password}, or null when the URL carries none
     */
    private record Parts(String scheme, String userInfo, String server) {
        static Optional<Parts> of(String url) {
            int schemeEnd = url.indexOf("://");
            if (schemeEnd <= 0) {
                return Optional.empty();
            }
            String rest = url.substring(schemeEnd + 3);
            // The last @ of all: a password may hold ? and # as well, and a query has no use for @.
            int at = rest.lastIndexOf('@');
            return Optional.of(new Parts(
                    url.substring(0, schemeEnd),
                    at < 0 ? null : rest.substring(0, at),
                    at < 0 ? rest : rest.substring(at + 1)));
        }

        String redacted() {
            if (userInfo == null) {
                return scheme + "://" + server;
            }
            int colon = userInfo.indexOf(':');
            return scheme + "://" + (colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***") + "@" + server;
        }
    }

    private static DatabaseUrl fromPostgres(String url, Optional<String> envUser, Optional<String> envPassword) {
        Parts parts = Parts.of(url).orElseThrow(() -> invalid(url, "malformed PostgreSQL URL"));
        Matcher m = SERVER.matcher(parts.server());
        if (!m.matches()) {
            throw invalid(url, "malformed PostgreSQL URL");
        }
        String scheme = parts.scheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("postgres") || scheme.equals("postgresql") || scheme.startsWith("postgresql+"))) {
            throw invalid(url, "unsupported scheme");
        }
        List<String> hosts = new ArrayList<>();
        for (String host : m.group("hosts").split(",", -1)) {
            Matcher h = HOST.matcher(host);
            if (!h.matches()) {
                throw invalid(url, "malformed PostgreSQL URL");
            }
            String port = h.group("port");
            if (port != null && Integer.parseInt(port) > 65_535) {
                throw invalid(url, "port out of range");
            }
            hosts.add(h.group("host") + ":" + (port == null ? "5432" : port));
        }
        String query = m.group("query") == null ? "" : jdbcQuery(url, m.group("query"));
        String jdbc = "jdbc:postgresql://" + String.join(",", hosts) + "/" + m.group("database")
                + (query.isEmpty() ? "" : "?" + query);
        String userInfo = parts.userInfo();
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        String rawUser = userInfo == null ? null : colon < 0 ? userInfo : userInfo.substring(0, colon);
        String rawPassword = colon < 0 ? null : userInfo.substring(colon + 1);
        Optional<String> user = decoded(url, rawUser, "user").or(() -> envUser);
        Optional<String> password = decoded(url, rawPassword, "password").or(() -> envPassword);
        return new DatabaseUrl(Kind.POSTGRESQL, jdbc, user, password);
    }

    /**
     * The query as pgjdbc reads it: libpq's {@code target_session_attrs}, which picks the host of
     * several that takes writes, becomes pgjdbc's {@code targetServerType}; the rest is passed on.
     */
    private static String jdbcQuery(String url, String query) {
        List<String> parameters = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("target_session_attrs=")) {
                String attrs = parameter.substring("target_session_attrs=".length());
                String type = TARGET_SERVER_TYPES.get(attrs);
                if (type == null) {
                    throw invalid(
                            url,
                            "target_session_attrs=" + attrs + " is not one of "
                                    + String.join(", ", new TreeSet<>(TARGET_SERVER_TYPES.keySet())));
                }
                parameters.add("targetServerType=" + type);
            } else if (!parameter.isEmpty()) {
                parameters.add(parameter);
            }
        }
        return String.join("&", parameters);
    }

    private static Optional<String> decoded(String url, String part, String what) {
        if (part == null || part.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // URLDecoder's message quotes the escape, a piece of the secret: not passed on.
            throw invalid(url, "the " + what + " holds a % that starts no %XX escape; write % itself as %25");
        }
    }

    private static ConfigException invalid(String url, String reason) {
        return new ConfigException("DATABASE_URL " + redacted(url) + " is not usable (" + reason + "); " + EXPECTED);
    }

    /**
     * The URL with any password replaced by {@code ***}; a value that is no URL at all is not shown,
     * since it may be a secret pasted into the wrong variable.
     */
    static String redacted(String url) {
        if (!url.contains("://") && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
            return "(value not shown)";
        }
        String withoutUserInfo = Parts.of(url).map(Parts::redacted).orElse(url);
        return withoutUserInfo.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return kind + " " + redacted(jdbcUrl) + user.map(u -> " as " + u).orElse("");
    }
}

package dev.heroes.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the service reads from its environment, checked once at start-up.
 *
 * @param server   where it listens, for the API and for operators ({@code HOST}, {@code PORT},
 *                 {@code MANAGEMENT_*}, {@code SHUTDOWN_GRACE}), and how many connections it keeps
 *                 for how long ({@code MAX_CONNECTIONS}, {@code IDLE_TIMEOUT})
 * @param database where the data lives ({@code DATABASE_URL})
 * @param pool     connection pool settings ({@code DB_*})
 * @param replicas standbys that reads may go to, and the bounds on their staleness
 *                 ({@code DATABASE_READ_URL}, {@code DB_READ_MAX_LAG}, {@code CONSISTENCY_*})
 * @param api      what the API does beyond the guide ({@code INCLUDE_HEROES_LIMIT},
 *                 {@code IDEMPOTENCY_KEY_TTL})
 * @param log      how log lines are written ({@code LOG_FORMAT}, {@code ACCESS_LOG})
 * @param security who may call the API, and how much ({@code AUTH_*}, {@code RATE_LIMIT*},
 *                 {@code TRUSTED_PROXIES})
 */
public record AppConfig(
        ServerSettings server,
        DatabaseUrl database,
        PoolSettings pool,
        ReplicaSettings replicas,
        ApiSettings api,
        LogSettings log,
        SecuritySettings security) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MANAGEMENT_PORT = 8001;

    /** One environment variable, as {@code heroes --help} and the README list it. */
    public record Variable(String name, String defaultValue, String meaning) {}

    /** Every variable the service reads, in the README's order. */
    public static final List<Variable> VARIABLES = Stream.of(
                    List.of(
                            new Variable("HOST", DEFAULT_HOST, "address to listen on (0.0.0.0 for all)"),
                            new Variable("PORT", String.valueOf(DEFAULT_PORT), "port of the API"),
                            new Variable(
                                    "MANAGEMENT_HOST",
                                    DEFAULT_HOST,
                                    "address of the management listener (health, metrics); it does not follow HOST"),
                            new Variable(
                                    "MANAGEMENT_PORT",
                                    String.valueOf(DEFAULT_MANAGEMENT_PORT),
                                    "port of the management listener; it must differ from PORT"),
                            new Variable(
                                    "DATABASE_URL",
                                    DatabaseUrl.DEFAULT,
                                    "where the data lives (postgresql://..., sqlite:///...)"),
                            new Variable("DATABASE_USER", "none", "user, when the URL carries none"),
                            new Variable("DATABASE_PASSWORD", "none", "password, when the URL carries none"),
                            new Variable("DATABASE_URL_FILE", "none", "file holding DATABASE_URL (a secret)"),
                            new Variable("DATABASE_USER_FILE", "none", "file holding DATABASE_USER"),
                            new Variable("DATABASE_PASSWORD_FILE", "none", "file holding DATABASE_PASSWORD"),
                            new Variable(
                                    "DB_POOL_SIZE",
                                    "10",
                                    "connections kept in the pool (pool_size); on SQLite, the readers'"),
                            new Variable(
                                    "DB_MAX_OVERFLOW",
                                    "20",
                                    "connections the PostgreSQL pool may open beyond DB_POOL_SIZE under load (max_overflow)"),
                            new Variable(
                                    "DB_POOL_TIMEOUT", "2", "seconds a request waits for a connection before a 503"),
                            new Variable(
                                    "DB_QUEUE_LENGTH",
                                    "1000",
                                    "requests that may wait for a connection; one more is a 503"),
                            new Variable(
                                    "DB_POOL_RECYCLE",
                                    "1800",
                                    "seconds after which a connection is replaced (pool_recycle)"),
                            new Variable(
                                    "DB_CONNECT_TIMEOUT", "5", "seconds a new PostgreSQL connection may take to open"),
                            new Variable(
                                    "DB_STATEMENT_TIMEOUT",
                                    "5",
                                    "seconds a request's statement may run on PostgreSQL (statement_timeout) before a 503"),
                            new Variable(
                                    "DB_WORK_TIMEOUT",
                                    "10",
                                    "seconds a request's work may hold a PostgreSQL connection before the connection is"
                                            + " cut and the request answered 503 (a server that answers nothing);"
                                            + " longer than DB_STATEMENT_TIMEOUT"),
                            new Variable(
                                    "DB_FAILOVER_WAIT",
                                    "3",
                                    "seconds a request retries work a PostgreSQL failover cut before COMMIT, on fresh"
                                            + " connections, before a 503 (0: no retry)"),
                            new Variable(
                                    "DB_POOLER",
                                    "none",
                                    "transaction when a pooler in transaction mode (PgBouncer) is between the service"
                                            + " and PostgreSQL: no server-side prepared statements or session settings;"
                                            + " migrations then run straight to PostgreSQL"),
                            new Variable(
                                    "INCLUDE_HEROES_LIMIT",
                                    "100",
                                    "heroes nested per team in GET /teams/?include=heroes (at most 1000)"),
                            new Variable(
                                    "IDEMPOTENCY_KEY_TTL",
                                    "86400",
                                    "seconds an Idempotency-Key and its response are kept"),
                            new Variable(
                                    "SHUTDOWN_GRACE",
                                    "20",
                                    "seconds requests in flight may take to finish after SIGTERM"),
                            new Variable(
                                    "MAX_CONNECTIONS",
                                    String.valueOf(ServerSettings.DEFAULT_MAX_CONNECTIONS),
                                    "open connections the API accepts at once; more wait to be accepted"),
                            new Variable(
                                    "IDLE_TIMEOUT",
                                    String.valueOf(ServerSettings.DEFAULT_IDLE_TIMEOUT.toSeconds()),
                                    "seconds a connection may wait for its next request before it is closed"),
                            new Variable(
                                    "GZIP_MIN_SIZE",
                                    String.valueOf(ServerSettings.DEFAULT_GZIP_MIN_SIZE),
                                    "bytes from which a JSON or text answer is gzip-compressed for a client whose"
                                            + " Accept-Encoding admits it; off (or 0) for never"),
                            new Variable(
                                    "LOG_FORMAT", "text", "text, or json for one JSON object (ECS fields) per line"),
                            new Variable("ACCESS_LOG", "on", "on, or off for no line per request"),
                            new Variable(
                                    "LOG_LEVEL",
                                    "info",
                                    "debug, info, warn or error: the least severe lines written (the access log is"
                                            + " ACCESS_LOG's)")),
                    ReplicaSettings.VARIABLES,
                    AuthSettings.VARIABLES,
                    RateLimitSettings.VARIABLES,
                    CorsSettings.VARIABLES,
                    TlsSettings.VARIABLES)
            .flatMap(List::stream)
            .toList();

    /**
     * @param host           address of the API's listener ({@code HOST})
     * @param port           port of the API ({@code PORT}); 0 picks a free one
     * @param managementHost address of the listener for health and metrics ({@code MANAGEMENT_HOST})
     * @param managementPort its port ({@code MANAGEMENT_PORT}); 0 picks a free one
     * @param shutdownGrace  how long requests in flight at SIGTERM may take ({@code SHUTDOWN_GRACE})
     * @param maxConnections open connections the API's listener accepts at once
     *                       ({@code MAX_CONNECTIONS}); one more waits in the kernel's accept queue
     *                       until one of them ends
     * @param idleTimeout    how long a connection of the API's listener may wait for its next
     *                       request before it is closed ({@code IDLE_TIMEOUT})
     * @param gzipMinSize    the smallest response body sent gzip-compressed to a client that
     *                       accepts it, in bytes; 0 for none ({@code GZIP_MIN_SIZE})
     */
    public record ServerSettings(
            String host,
            int port,
            String managementHost,
            int managementPort,
            Duration shutdownGrace,
            int maxConnections,
            Duration idleTimeout,
            int gzipMinSize) {
        public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
        public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
        public static final int DEFAULT_GZIP_MIN_SIZE = 1024;

        /** With the default connection limit and idle timeout. */
        public ServerSettings(
                String host, int port, String managementHost, int managementPort, Duration shutdownGrace) {
            this(
                    host,
                    port,
                    managementHost,
                    managementPort,
                    shutdownGrace,
                    DEFAULT_MAX_CONNECTIONS,
                    DEFAULT_IDLE_TIMEOUT,
                    DEFAULT_GZIP_MIN_SIZE);
        }

        /** These settings with another connection limit and idle timeout. */
        public ServerSettings withConnections(int maxConnections, Duration idleTimeout) {
            return new ServerSettings(
                    host,
                    port,
                    managementHost,
                    managementPort,
                    shutdownGrace,
                    maxConnections,
                    idleTimeout,
                    gzipMinSize);
        }

        /** These settings with another compression threshold; 0 for none. */
        public ServerSettings withGzipMinSize(int gzipMinSize) {
            return new ServerSettings(
                    host,
                    port,
                    managementHost,
                    managementPort,
                    shutdownGrace,
                    maxConnections,
                    idleTimeout,
                    gzipMinSize);
        }

        /** Both listeners on free ports of the loopback address, as tests want them. */
        public static ServerSettings onFreePorts() {
            return new ServerSettings(DEFAULT_HOST, 0, DEFAULT_HOST, 0, DEFAULT_SHUTDOWN_GRACE);
        }
    }

    /**
     * @param heroesPerTeamInLists heroes nested per team in {@code GET /teams/?include=heroes}:
     *                             lists are capped, as every list is
     * @param idempotencyKeyTtl    how long an Idempotency-Key and its stored response are kept
     */
    public record ApiSettings(int heroesPerTeamInLists, Duration idempotencyKeyTtl) {
        public static final ApiSettings DEFAULTS = new ApiSettings(100, Duration.ofHours(24));

        /**
         * The most {@code INCLUDE_HEROES_LIMIT} may be: a page of 100 teams then nests at most
         * 100,000 heroes, about 7 MB of JSON built in memory (a page is answered at once, with its
         * length), which each of the pool's concurrent reads may hold.
         */
        public static final int MAX_HEROES_PER_TEAM_IN_LISTS = 1_000;
    }

    /**
     * @param size           connections kept by the pool ({@code DB_POOL_SIZE}, the guide's pool_size)
     * @param connectTimeout longest wait for a free connection ({@code DB_POOL_TIMEOUT} seconds),
     *                       after which the request is answered 503
     * @param maxLifetime    age at which a connection is replaced ({@code DB_POOL_RECYCLE} seconds,
     *                       the guide's pool_recycle)
     * @param queueLength    requests that may wait for a free connection ({@code DB_QUEUE_LENGTH});
     *                       one more is answered 503 at once
     * @param maxOverflow    connections a PostgreSQL pool may open beyond {@code size} while requests
     *                       wait, closed again when idle ({@code DB_MAX_OVERFLOW}, the guide's
     *                       max_overflow)
     * @param timeouts       how long a PostgreSQL connection, statement or failover may take
     * @param pooler         what sits between the service and PostgreSQL ({@code DB_POOLER})
     */
    public record PoolSettings(
            int size,
            Duration connectTimeout,
            Duration maxLifetime,
            int queueLength,
            int maxOverflow,
            DatabaseTimeouts timeouts,
            Pooler pooler) {
        public static final int DEFAULT_QUEUE_LENGTH = 1_000;
        public static final int DEFAULT_MAX_OVERFLOW = 20;
        public static final PoolSettings DEFAULTS = new PoolSettings(
                10, Duration.ofSeconds(2), Duration.ofMinutes(30), DEFAULT_QUEUE_LENGTH, DEFAULT_MAX_OVERFLOW);

        /** Settings straight to PostgreSQL, without a pooler between. */
        public PoolSettings(
                int size,
                Duration connectTimeout,
                Duration maxLifetime,
                int queueLength,
                int maxOverflow,
                DatabaseTimeouts timeouts) {
            this(size, connectTimeout, maxLifetime, queueLength, maxOverflow, timeouts, Pooler.NONE);
        }

        /** These settings, through {@code pooler}. */
        public PoolSettings through(Pooler pooler) {
            return new PoolSettings(size, connectTimeout, maxLifetime, queueLength, maxOverflow, timeouts, pooler);
        }

        /** Settings with the default {@link DatabaseTimeouts}. */
        public PoolSettings(int size, Duration connectTimeout, Duration maxLifetime, int queueLength, int maxOverflow) {
            this(size, connectTimeout, maxLifetime, queueLength, maxOverflow, DatabaseTimeouts.DEFAULTS);
        }

        /** Settings of a pool that never grows beyond {@code size}. */
        public PoolSettings(int size, Duration connectTimeout, Duration maxLifetime, int queueLength) {
            this(size, connectTimeout, maxLifetime, queueLength, 0);
        }

        /** Settings of a pool that never grows beyond {@code size}, with the default queue. */
        public PoolSettings(int size, Duration connectTimeout, Duration maxLifetime) {
            this(size, connectTimeout, maxLifetime, DEFAULT_QUEUE_LENGTH, 0);
        }

        /** The most connections the pool holds at once: {@code size} and its overflow. */
        public int maxConnections() {
            return size + maxOverflow;
        }
    }

    /**
     * Bounds on what a PostgreSQL server may cost a request, so that a server that stops answering
     * (frozen, cut off, failing over) costs a bounded wait and a 503, never a hung request.
     *
     * @param connect      longest a new connection may take to open ({@code DB_CONNECT_TIMEOUT}):
     *                     pgjdbc's connectTimeout and loginTimeout
     * @param statement    longest a request's statement may run ({@code DB_STATEMENT_TIMEOUT}): the
     *                     server's statement_timeout, after which it cancels the statement
     * @param work         longest a request's work may hold a connection ({@code DB_WORK_TIMEOUT}),
     *                     after which the connection is cut: for a server that answers nothing at
     *                     all; longer than {@code statement}
     * @param failoverWait how long a request keeps retrying work that a failover interrupted before
     *                     it reached COMMIT, on fresh connections, before its 503
     *                     ({@code DB_FAILOVER_WAIT})
     */
    public record DatabaseTimeouts(Duration connect, Duration statement, Duration work, Duration failoverWait) {
        public static final DatabaseTimeouts DEFAULTS = new DatabaseTimeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(3));
    }

    /** What sits between the service and PostgreSQL ({@code DB_POOLER}). */
    public enum Pooler {
        /** Nothing, or a pooler in session mode: a connection is one server session. */
        NONE,
        /**
         * A pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}): each transaction
         * may run on another server connection, so nothing may outlive one: no server-side prepared
         * statements, no settings at connection start, no session locks (migrations).
         */
        TRANSACTION
    }

    /** How log lines are written. */
    public enum LogFormat {
        /** One line of text per record, as a person reads it. */
        TEXT,
        /** One JSON object per line, with ECS field names, as a log shipper reads it. */
        JSON
    }

    /** The least severe log lines written ({@code LOG_LEVEL}), by the names most loggers use. */
    public enum LogLevel {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /**
     * @param format    {@code LOG_FORMAT}
     * @param accessLog whether every request is logged ({@code ACCESS_LOG})
     * @param level     the least severe lines written, but the access log's ({@code LOG_LEVEL})
     */
    public record LogSettings(LogFormat format, boolean accessLog, LogLevel level) {
        public static final LogSettings DEFAULTS = new LogSettings(LogFormat.TEXT, true, LogLevel.INFO);

        /** At {@link LogLevel#INFO}. */
        public LogSettings(LogFormat format, boolean accessLog) {
            this(format, accessLog, LogLevel.INFO);
        }
    }

    public AuthSettings auth() {
        return security.auth();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public static AppConfig fromEnvironment(Map<String, String> env) {
        String host = env.getOrDefault("HOST", DEFAULT_HOST).strip();
        int port = intSetting(env, "PORT", DEFAULT_PORT, 0, 65_535);
        String managementHost = text(env, "MANAGEMENT_HOST")
                // Metrics and readiness details are for the platform, not for whoever reaches the API.
                .orElse(DEFAULT_HOST);
        int managementPort = intSetting(env, "MANAGEMENT_PORT", DEFAULT_MANAGEMENT_PORT, 0, 65_535);
        if (managementPort == port && port != 0) {
            throw new ConfigException("MANAGEMENT_PORT=" + managementPort + " is the API's PORT; health and metrics"
                    + " need a port of their own");
        }
        ServerSettings server = new ServerSettings(
                host,
                port,
                managementHost,
                managementPort,
                Duration.ofSeconds(intSetting(
                        env, "SHUTDOWN_GRACE", (int) ServerSettings.DEFAULT_SHUTDOWN_GRACE.toSeconds(), 0, 3_600)),
                intSetting(env, "MAX_CONNECTIONS", ServerSettings.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                Duration.ofSeconds(intSetting(
                        env, "IDLE_TIMEOUT", (int) ServerSettings.DEFAULT_IDLE_TIMEOUT.toSeconds(), 1, 86_400)),
                "off".equalsIgnoreCase(env.getOrDefault("GZIP_MIN_SIZE", "").strip())
                        ? 0
                        : intSetting(env, "GZIP_MIN_SIZE", ServerSettings.DEFAULT_GZIP_MIN_SIZE, 0, 1 << 30));
        Optional<String> databaseUser = secret(env, "DATABASE_USER");
        Optional<String> databasePassword = secret(env, "DATABASE_PASSWORD");
        DatabaseUrl database = DatabaseUrl.parse(
                secret(env, "DATABASE_URL").orElse(DatabaseUrl.DEFAULT), databaseUser, databasePassword);
        ReplicaSettings replicas = ReplicaSettings.fromEnvironment(env, database, databaseUser, databasePassword);
        PoolSettings pool = new PoolSettings(
                intSetting(env, "DB_POOL_SIZE", PoolSettings.DEFAULTS.size(), 1, 1_000),
                Duration.ofSeconds(intSetting(
                        env,
                        "DB_POOL_TIMEOUT",
                        (int) PoolSettings.DEFAULTS.connectTimeout().toSeconds(),
                        1,
                        3_600)),
                Duration.ofSeconds(intSetting(
                        env,
                        "DB_POOL_RECYCLE",
                        (int) PoolSettings.DEFAULTS.maxLifetime().toSeconds(),
                        30,
                        86_400)),
                intSetting(env, "DB_QUEUE_LENGTH", PoolSettings.DEFAULT_QUEUE_LENGTH, 0, 100_000),
                intSetting(env, "DB_MAX_OVERFLOW", PoolSettings.DEFAULT_MAX_OVERFLOW, 0, 1_000),
                databaseTimeouts(env),
                choice(env, "DB_POOLER", Map.of("none", Pooler.NONE, "transaction", Pooler.TRANSACTION), Pooler.NONE));
        if (pool.pooler() == Pooler.TRANSACTION && database.kind() != DatabaseUrl.Kind.POSTGRESQL) {
            throw new ConfigException(
                    "DB_POOLER=transaction is for a pooler in front of PostgreSQL; DATABASE_URL is " + database);
        }
        ApiSettings api = new ApiSettings(
                intSetting(
                        env,
                        "INCLUDE_HEROES_LIMIT",
                        ApiSettings.DEFAULTS.heroesPerTeamInLists(),
                        0,
                        ApiSettings.MAX_HEROES_PER_TEAM_IN_LISTS),
                Duration.ofSeconds(intSetting(
                        env,
                        "IDEMPOTENCY_KEY_TTL",
                        (int) ApiSettings.DEFAULTS.idempotencyKeyTtl().toSeconds(),
                        60,
                        30 * 86_400)));
        LogSettings log = new LogSettings(
                choice(env, "LOG_FORMAT", Map.of("text", LogFormat.TEXT, "json", LogFormat.JSON), LogFormat.TEXT),
                choice(env, "ACCESS_LOG", Map.of("on", true, "off", false), true),
                choice(
                        env,
                        "LOG_LEVEL",
                        Map.of(
                                "debug", LogLevel.DEBUG,
                                "info", LogLevel.INFO,
                                "warn", LogLevel.WARN,
                                "warning", LogLevel.WARN,
                                "error", LogLevel.ERROR),
                        LogLevel.INFO));
        AuthSettings auth = AuthSettings.fromEnvironment(env);
        if (!auth.enabled() && !auth.explicitlyNone() && !isLoopback(host)) {
            // Protected mode, as Redis has it: an API anyone on the network can empty is a choice
            // to make explicitly, never a default.
            throw new ConfigException("HOST=" + host + " is reachable from other machines and no authentication is"
                    + " configured: set AUTH_JWT_JWKS_URL, AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWT_HS256_SECRET_FILE or"
                    + " AUTH_API_KEYS_FILE, or AUTH=none to serve without authentication");
        }
        return new AppConfig(
                server,
                database,
                pool,
                replicas,
                api,
                log,
                new SecuritySettings(
                        auth,
                        RateLimitSettings.fromEnvironment(env),
                        CorsSettings.fromEnvironment(env),
                        TlsSettings.fromEnvironment(env)));
    }

    /** Whether every address {@code host} names is a loopback one (reachable from this machine only). */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            // Helidon will say it cannot listen there; until then it is not known to be loopback.
            return false;
        }
    }

    /**
     * A setting that may be a secret: {@code NAME}, or the content of the file {@code NAME_FILE}
     * names (Docker's and Kubernetes' secrets are files), less one trailing newline. Never both.
     *
     * @throws ConfigException naming the variable and the file, never the content
     */
    static Optional<String> secret(Map<String, String> env, String name) {
        String fileVariable = name + "_FILE";
        Optional<String> file =
                Optional.ofNullable(env.get(fileVariable)).map(String::strip).filter(f -> !f.isEmpty());
        if (file.isEmpty()) {
            return Optional.ofNullable(env.get(name));
        }
        if (env.containsKey(name)) {
            throw new ConfigException(name + " and " + fileVariable + " are both set; set one of them");
        }
        String content;
        try {
            content = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(fileVariable + "=" + file.get() + " could not be read");
        }
        if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - (content.endsWith("\r\n") ? 2 : 1));
        }
        return Optional.of(content);
    }

    /** A setting's value, stripped; empty when it is unset or blank. */
    static Optional<String> text(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A setting that names a file, which must be there and readable. */
    static Optional<Path> readableFile(Map<String, String> env, String name) {
        return text(env, name).map(raw -> {
            Path path = Path.of(raw);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ConfigException(name + "=" + raw + " is not a readable file");
            }
            return path;
        });
    }

    /** The items of a list separated by commas or spaces ({@code a, b c}), none empty. */
    static List<String> items(String list) {
        return Arrays.stream(list.split("[,\\s]+"))
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private static DatabaseTimeouts databaseTimeouts(Map<String, String> env) {
        DatabaseTimeouts defaults = DatabaseTimeouts.DEFAULTS;
        Duration statement = seconds(env, "DB_STATEMENT_TIMEOUT", defaults.statement(), 1, 3_600);
        Duration work = seconds(env, "DB_WORK_TIMEOUT", defaults.work(), 1, 3_600);
        if (work.compareTo(statement) <= 0) {
            throw new ConfigException("DB_WORK_TIMEOUT=" + work.toSeconds()
                    + " is not usable; it must be longer than DB_STATEMENT_TIMEOUT=" + statement.toSeconds()
                    + ", or a statement the server is still running would be cut off as if the server had gone");
        }
        return new DatabaseTimeouts(
                seconds(env, "DB_CONNECT_TIMEOUT", defaults.connect(), 1, 300),
                statement,
                work,
                seconds(env, "DB_FAILOVER_WAIT", defaults.failoverWait(), 0, 300));
    }

    private static Duration seconds(Map<String, String> env, String name, Duration defaultValue, int min, int max) {
        return Duration.ofSeconds(intSetting(env, name, (int) defaultValue.toSeconds(), min, max));
    }

    static int intSetting(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below, with the accepted range
        }
        throw new ConfigException(
                name + "=" + raw + " is not usable; expected a whole number from " + min + " to " + max);
    }

    static <T> T choice(Map<String, String> env, String name, Map<String, T> choices, T defaultValue) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        T value = choices.get(raw.strip().toLowerCase(Locale.ROOT));
        if (value == null) {
            throw new ConfigException(name + "=" + raw + " is not usable; expected one of "
                    + String.join(", ", choices.keySet().stream().sorted().toList()));
        }
        return value;
    }
}

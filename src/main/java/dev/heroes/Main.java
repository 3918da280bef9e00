package dev.heroes;

import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.PoolSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.config.DatabaseUrl;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import dev.heroes.observe.Logging;
import dev.heroes.observe.Management;
import io.helidon.logging.common.LogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code heroes} (or {@code heroes serve}) migrates, then serves until SIGTERM or SIGINT, which
 * drain it and exit 0; {@code heroes migrate} only migrates, the counterpart of
 * {@code alembic upgrade head} for a deployment step of its own; {@code heroes train} exercises the
 * routes once, for the build's ahead-of-time cache; {@code --help} and {@code --version} say what
 * they say everywhere.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String UNKNOWN_VERSION = "(unknown version)";

    static final String USAGE_LINE = "usage: heroes [serve | migrate | train | --help | --version]";

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        // jOOQ prints a banner and tips at first use unless told not to.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        LogConfig.configureRuntime();
        int status = run(List.of(args), System.getenv(), System.out, System.err);
        if (status != OK) {
            Logging.flush();
            System.exit(status);
        }
    }

    /**
     * Runs a command with an environment. {@code serve} returns once the server is listening (its
     * threads keep the process alive); SIGTERM and SIGINT then drain it and exit 0.
     *
     * @return the process exit status
     */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() > 1) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        String command = args.isEmpty() ? "serve" : args.getFirst();
        switch (command) {
            case "--help", "-h", "help" -> {
                out.print(help());
                return OK;
            }
            case "--version", "-V", "version" -> {
                out.println("heroes " + version());
                return OK;
            }
            case "train" -> {
                Training.run(env);
                return OK;
            }
            case "serve", "migrate" -> {
                AppConfig config;
                try {
                    config = AppConfig.fromEnvironment(env);
                } catch (ConfigException e) {
                    err.println("heroes: " + e.getMessage());
                    return USAGE;
                }
                Logging.toStandardOutput(config.log().format());
                Logging.level(config.log().level());
                return command.equals("serve") ? serve(config, err) : migrate(config);
            }
            default -> {
                err.println(USAGE_LINE);
                return USAGE;
            }
        }
    }

    /** {@code heroes migrate}: the schema brought up to date, and everything closed again. */
    private static int migrate(AppConfig config) {
        try (ObservedDatabase opened = ObservedDatabase.open(config.database(), config.pool())) {
            return migrated(config, opened.database()) ? OK : FAILED;
        }
    }

    /**
     * {@code heroes serve}: migrates, then listens. On success the database and the meters stay open
     * for the server, and the stop ({@link #stopOnSignals}) closes them; on every failure they are
     * closed here, once.
     */
    private static int serve(AppConfig config, PrintStream err) {
        long started = System.nanoTime();
        ObservedDatabase opened = ObservedDatabase.open(config.database(), config.pool(), config.replicas());
        boolean serving = false;
        try {
            if (!migrated(config, opened.database())) {
                return FAILED;
            }
            opened.database().checkConnectionBudget();
            Optional<HeroesApp> app = listen(config, opened, err);
            if (app.isEmpty()) {
                return FAILED;
            }
            stopOnSignals(app.get(), opened);
            serving = true;
            LOG.info(startupLine(config, app.get(), (System.nanoTime() - started) / 1_000_000));
            return OK;
        } finally {
            if (!serving) {
                opened.close();
            }
        }
    }

    /**
     * Whether the schema is up to date; when it could not be brought there, the log says why.
     * Through a pooler in transaction mode nothing is migrated, because Flyway's session lock would
     * be taken on one server connection and released on another: the schema must be up to date
     * already, migrated by {@code heroes migrate} straight to PostgreSQL.
     */
    private static boolean migrated(AppConfig config, Database database) {
        try {
            if (config.pool().pooler() == AppConfig.Pooler.TRANSACTION) {
                int pending = Migrations.pending(database);
                if (pending > 0) {
                    LOG.error(
                            "{} migration(s) pending on {}, and DB_POOLER=transaction migrates nothing: run heroes"
                                    + " migrate with DATABASE_URL naming PostgreSQL itself (not the pooler) and DB_POOLER"
                                    + " unset, then start again",
                            pending,
                            config.database());
                    return false;
                }
                return true;
            }
            Migrations.migrate(database);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Could not migrate {}: {}", config.database(), e.getMessage());
            return false;
        }
    }

    /** The service listening, or empty when a listener cannot listen where it is told to (said on {@code err}). */
    private static Optional<HeroesApp> listen(AppConfig config, ObservedDatabase opened, PrintStream err) {
        try {
            return Optional.of(HeroesApp.start(
                    config.server(),
                    opened.database(),
                    config.api(),
                    config.log(),
                    config.security(),
                    opened.observability()));
        } catch (ConfigException e) {
            err.println("heroes: " + e.getMessage());
            return Optional.empty();
        } catch (IllegalStateException e) {
            err.println("heroes: " + e.getMessage() + " (is another process using the port? set PORT or HOST,"
                    + " MANAGEMENT_PORT or MANAGEMENT_HOST)");
            return Optional.empty();
        }
    }

    /**
     * SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C) drain the service and exit 0; a shutdown
     * hook covers any other way out of the JVM, and does nothing when a signal got there first.
     */
    private static void stopOnSignals(HeroesApp app, ObservedDatabase opened) {
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            app.drain();
            opened.close();
            LOG.info("Stopped");
            Logging.flush();
        };
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stop));
        for (String signal : List.of("TERM", "INT")) {
            // Not a daemon (as the signal's thread is): the JVM must not end before the drain does.
            Signal.handle(
                    new Signal(signal),
                    received -> Thread.ofPlatform()
                            .daemon(false)
                            .name("heroes-stop")
                            .start(() -> {
                                LOG.info("SIG{} received", received.getName());
                                stop.run();
                                Runtime.getRuntime().exit(OK);
                            }));
        }
    }

    static String startupLine(AppConfig config, HeroesApp app, long startedMillis) {
        PoolSettings pool = config.pool();
        String bounds = config.database().kind() == DatabaseUrl.Kind.POSTGRESQL
                ? "pool " + pool.size() + " + overflow " + pool.maxOverflow()
                : "pool " + pool.size() + " readers + 1 writer";
        String management = "http://" + config.server().managementHost() + ":" + app.managementPort();
        String scheme = config.security().tls().enabled() ? "https://" : "http://";
        return "heroes " + version() + " serving " + scheme + config.host() + ":" + app.port() + " on "
                + config.database() + " (" + bounds + ", queue " + pool.queueLength() + "); " + config.auth()
                + (config.security().rateLimit().enabled()
                        ? "; at most " + config.security().rateLimit().perSecond() + " requests/s per client"
                        : "")
                + "; health "
                + management + Management.HEALTH_PATH + ", metrics " + management + Management.METRICS_PATH
                + " (started in " + startedMillis + " ms)";
    }

    /** The version in the jar's manifest, or the build's when run from classes. */
    static String version() {
        String fromManifest = Main.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream built = Main.class.getResourceAsStream("/heroes-version.txt")) {
            return built == null ? UNKNOWN_VERSION : new String(built.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return UNKNOWN_VERSION;
        }
    }

    static String help() {
        StringBuilder help = new StringBuilder();
        help.append("heroes ")
                .append(version())
                .append(": the Heroes & Teams REST service\n\n")
                .append(USAGE_LINE)
                .append("\n\n")
                .append("commands:\n")
                .append("  serve      migrate the database, then serve until SIGTERM or SIGINT (the default)\n")
                .append("  migrate    migrate the database and exit\n")
                .append("  train      exercise every route once (the build's ahead-of-time cache)\n")
                .append("  --help     print this and exit\n")
                .append("  --version  print the version and exit\n\n")
                .append("environment (default in brackets):\n");
        int width = AppConfig.VARIABLES.stream()
                .mapToInt(v -> v.name().length())
                .max()
                .orElse(0);
        for (AppConfig.Variable variable : AppConfig.VARIABLES) {
            help.append("  ")
                    .append(variable.name())
                    .append(" ".repeat(width - variable.name().length() + 2))
                    .append(variable.meaning())
                    .append(" [")
                    .append(variable.defaultValue())
                    .append("]\n");
        }
        return help.toString();
    }
}

package dev.heroes;

import dev.heroes.config.AppConfig;
import dev.heroes.config.ConfigException;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import io.helidon.logging.common.LogConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code heroes} (or {@code heroes serve}) migrates, then serves until stopped;
 * {@code heroes migrate} only migrates, the counterpart of {@code alembic upgrade head} for a
 * deployment step of its own; {@code heroes train} exercises the routes once, for the build's
 * ahead-of-time cache.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        // jOOQ prints a banner and tips at first use unless told not to.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        LogConfig.configureRuntime();
        int status = run(List.of(args), System.getenv(), System.err);
        if (status != OK) {
            System.exit(status);
        }
    }

    /**
     * Runs a command with an environment. {@code serve} returns once the server is listening (its
     * threads keep the process alive) and stops it at JVM shutdown.
     *
     * @return the process exit status
     */
    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        boolean migrateOnly = args.equals(List.of("migrate"));
        if (args.equals(List.of("train"))) {
            Training.run();
            return OK;
        }
        if (!migrateOnly && !args.isEmpty() && !args.equals(List.of("serve"))) {
            err.println("usage: heroes [serve | migrate | train]");
            return USAGE;
        }
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(env);
        } catch (ConfigException e) {
            err.println("heroes: " + e.getMessage());
            return USAGE;
        }
        long started = System.nanoTime();
        Database database = Database.open(config.database(), config.pool());
        try {
            Migrations.migrate(database);
        } catch (RuntimeException e) {
            LOG.error("Could not migrate {}: {}", config.database(), e.getMessage());
            database.close();
            return FAILED;
        }
        if (migrateOnly) {
            database.close();
            return OK;
        }
        HeroesApp app;
        try {
            app = HeroesApp.start(config.host(), config.port(), database, config.api());
        } catch (IllegalStateException e) {
            err.println("heroes: " + e.getMessage() + " (is another process using the port? set PORT or HOST)");
            database.close();
            return FAILED;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            app.close();
            database.close();
        }));
        LOG.info("Heroes serving http://{}:{} on {} (started in {} ms)", config.host(), app.port(),
                config.database(), (System.nanoTime() - started) / 1_000_000);
        return OK;
    }
}

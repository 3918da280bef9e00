package dev.heroes;

import dev.heroes.config.AppConfig;
import dev.heroes.config.ConfigException;
import dev.heroes.db.Database;
import dev.heroes.db.Migrations;
import io.helidon.logging.common.LogConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code heroes} runs the service (migrating first); {@code heroes migrate} only migrates, the
 * counterpart of {@code alembic upgrade head} for a deployment step of its own.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        // jOOQ prints a banner and tips at first use unless told not to.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        LogConfig.configureRuntime();
        List<String> arguments = List.of(args);
        if (!arguments.isEmpty() && !arguments.equals(List.of("migrate")) && !arguments.equals(List.of("serve"))) {
            System.err.println("usage: heroes [serve | migrate]");
            System.exit(2);
        }
        AppConfig config;
        try {
            config = AppConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("heroes: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        Database database = Database.open(config.database(), config.pool());
        try {
            Migrations.migrate(database);
        } catch (RuntimeException e) {
            LOG.error("Could not migrate {}: {}", config.database(), e.getMessage());
            database.close();
            System.exit(1);
        }
        if (arguments.contains("migrate")) {
            database.close();
            return;
        }
        HeroesApp app = HeroesApp.start(config.host(), config.port(), database);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            app.close();
            database.close();
        }));
        LOG.info("Heroes serving http://{}:{} on {} (started in {} ms)", config.host(), app.port(),
                config.database(), (System.nanoTime() - started) / 1_000_000);
    }
}

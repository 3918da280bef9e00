package dev.heroes.support;

import dev.heroes.HeroesApp;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AppConfig.LogSettings;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.config.AuthSettings;
import dev.heroes.config.SecuritySettings;
import dev.heroes.db.Database;
import dev.heroes.observe.Observability;
import java.time.Duration;

/**
 * The service as a test starts it on a database of the test's own: both listeners on free ports of
 * 127.0.0.1, meters in an {@link Observability} of its own (closed with it), no access log, and a
 * short shutdown grace. A test that needs other settings calls {@link HeroesApp#start} itself.
 */
public final class TestServer implements AutoCloseable {

    /** How long a test's server waits for its requests when it is closed. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private static final String HOST = "127.0.0.1";

    private final Observability observability;
    private final HeroesApp app;

    private TestServer(Observability observability, HeroesApp app) {
        this.observability = observability;
        this.app = app;
    }

    /** With the API's default settings. */
    public static TestServer start(Database database) {
        return start(database, ApiSettings.DEFAULTS);
    }

    public static TestServer start(Database database, ApiSettings api) {
        return start(database, api, AuthSettings.NONE);
    }

    /** With authentication as {@code auth} says. */
    public static TestServer start(Database database, ApiSettings api, AuthSettings auth) {
        return start(database, api, SecuritySettings.of(auth));
    }

    /** With authentication and limits as {@code security} says. */
    public static TestServer start(Database database, ApiSettings api, SecuritySettings security) {
        return start(new ServerSettings(HOST, 0, HOST, 0, SHUTDOWN_GRACE), database, api, security);
    }

    /** With the API's default settings, and {@code MAX_CONNECTIONS} and {@code IDLE_TIMEOUT} as given. */
    public static TestServer withConnections(Database database, int maxConnections, Duration idleTimeout) {
        return start(
                new ServerSettings(HOST, 0, HOST, 0, SHUTDOWN_GRACE).withConnections(maxConnections, idleTimeout),
                database,
                ApiSettings.DEFAULTS,
                SecuritySettings.of(AuthSettings.NONE));
    }

    /** With the API's default settings and the listeners' as {@code settings} says. */
    public static TestServer start(ServerSettings settings, Database database) {
        return start(settings, database, ApiSettings.DEFAULTS, SecuritySettings.of(AuthSettings.NONE));
    }

    /** Listener settings on free ports of the loopback address, as {@link #start(Database)} uses them. */
    public static ServerSettings freePorts() {
        return new ServerSettings(HOST, 0, HOST, 0, SHUTDOWN_GRACE);
    }

    private static TestServer start(
            ServerSettings settings, Database database, ApiSettings api, SecuritySettings security) {
        Observability observability = new Observability();
        try {
            return new TestServer(
                    observability,
                    HeroesApp.start(
                            settings,
                            database,
                            api,
                            new LogSettings(LogSettings.DEFAULTS.format(), false),
                            security,
                            observability));
        } catch (RuntimeException e) {
            observability.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    /** The port of health and metrics. */
    public int managementPort() {
        return app.managementPort();
    }

    @Override
    public void close() {
        try (observability) {
            app.close();
        }
    }
}

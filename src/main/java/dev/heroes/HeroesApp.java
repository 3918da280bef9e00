package dev.heroes;

import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.db.Database;
import dev.heroes.docs.ApiDocs;
import dev.heroes.hero.HeroRoutes;
import dev.heroes.idempotency.Idempotency;
import dev.heroes.team.TeamRoutes;
import dev.heroes.web.Endpoints;
import dev.heroes.web.ErrorResponses;
import dev.heroes.web.Json;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/**
 * The composition root: routes wired to a {@link Database} handed in from outside, so tests can
 * give it another one (the guide's {@code dependency_overrides}). Every request runs on its own
 * virtual thread (Helidon SE 4): a handler may block on the database without holding up others.
 */
public final class HeroesApp implements AutoCloseable {

    private final WebServer server;
    private final Idempotency idempotency;

    private HeroesApp(WebServer server, Idempotency idempotency) {
        this.server = server;
        this.idempotency = idempotency;
    }

    /** Starts with the default settings, on {@code host:port} (0 for a free port). */
    public static HeroesApp start(String host, int port, Database database) {
        return start(host, port, database, ApiSettings.DEFAULTS);
    }

    /**
     * Starts serving on {@code host:port}; the schema must be migrated already.
     *
     * @throws IllegalStateException when the server cannot listen there
     */
    public static HeroesApp start(String host, int port, Database database, ApiSettings api) {
        Json json = new Json();
        Idempotency idempotency = new Idempotency(database, json, api.idempotencyKeyTtl(), Clock.systemUTC());
        HttpRouting.Builder routing = HttpRouting.builder();
        ErrorResponses.register(routing, json);
        Endpoints endpoints = new Endpoints(routing, json);
        new HeroRoutes(database, json, idempotency).register(endpoints);
        new TeamRoutes(database, json, api.heroesPerTeamInLists(), idempotency).register(endpoints);
        new ApiDocs().register(endpoints);
        endpoints.close();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        if (!server.isRunning()) {
            // Helidon logs why (a port in use, an address not ours) and gives up without throwing.
            idempotency.close();
            throw new IllegalStateException("could not listen on " + host + ":" + port);
        }
        return new HeroesApp(server, idempotency);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        idempotency.close();
    }
}

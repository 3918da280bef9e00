package dev.heroes;

import dev.heroes.config.AppConfig;
import dev.heroes.db.Database;
import dev.heroes.docs.ApiDocs;
import dev.heroes.hero.HeroRoutes;
import dev.heroes.team.TeamRoutes;
import dev.heroes.web.Endpoints;
import dev.heroes.web.ErrorResponses;
import dev.heroes.web.Json;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

/**
 * The composition root: routes wired to a {@link Database} handed in from outside, so tests can
 * give it another one (the guide's {@code dependency_overrides}). Every request runs on its own
 * virtual thread (Helidon SE 4): a handler may block on the database without holding up others.
 */
public final class HeroesApp implements AutoCloseable {

    private final WebServer server;

    private HeroesApp(WebServer server) {
        this.server = server;
    }

    /** Starts with the default settings, on {@code host:port} (0 for a free port). */
    public static HeroesApp start(String host, int port, Database database) {
        return start(host, port, database, AppConfig.DEFAULT_HEROES_PER_TEAM_IN_LISTS);
    }

    /** Starts serving on {@code host:port}; the schema must be migrated already. */
    public static HeroesApp start(String host, int port, Database database, int heroesPerTeamInLists) {
        Json json = new Json();
        HttpRouting.Builder routing = HttpRouting.builder();
        ErrorResponses.register(routing, json);
        Endpoints endpoints = new Endpoints(routing, json);
        new HeroRoutes(database, json).register(endpoints);
        new TeamRoutes(database, json, heroesPerTeamInLists).register(endpoints);
        new ApiDocs().register(endpoints);
        endpoints.close();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        return new HeroesApp(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}

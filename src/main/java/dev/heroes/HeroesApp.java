package dev.heroes;

import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.db.Database;
import dev.heroes.docs.ApiDocs;
import dev.heroes.hero.HeroRoutes;
import dev.heroes.idempotency.Idempotency;
import dev.heroes.team.TeamRoutes;
import dev.heroes.web.ChunkedFraming;
import dev.heroes.web.Endpoints;
import dev.heroes.web.ErrorResponses;
import dev.heroes.web.HelidonWorkarounds;
import dev.heroes.web.Json;
import dev.heroes.web.Limits;
import dev.heroes.web.TransportErrors;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
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
        routing.addFilter(new HelidonWorkarounds());
        Endpoints endpoints = new Endpoints(routing, json);
        new HeroRoutes(database, json, idempotency).register(endpoints);
        new TeamRoutes(database, json, api.heroesPerTeamInLists(), idempotency).register(endpoints);
        new ApiDocs().register(endpoints);
        endpoints.close();
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(Limits.MAX_REQUEST_LINE_BYTES)
                .maxHeadersSize(Limits.MAX_HEADER_SECTION_BYTES)
                // The routes read the query as Starlette does (QueryParameters) and a path that is
                // no well-formed URI as literal text (HelidonWorkarounds): neither is refused before
                // routing.
                .validatePrologue(false)
                .validatePath(false)
                .build();
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                // HTTP/1.1 alone, through ChunkedFraming: with a second protocol Helidon would close
                // an HTTP/1.0 connection without a word instead of answering it.
                .protocolsDiscoverServices(false)
                .addConnectionSelector(new ChunkedFraming(http1))
                // Helidon's own answers (before routing, or on broken framing) pass their reason on
                // to TransportErrors, which writes it as the contract's JSON.
                .errorHandling(ErrorHandling.builder().includeEntity(true).build())
                .directHandlers(TransportErrors.directHandlers(json))
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

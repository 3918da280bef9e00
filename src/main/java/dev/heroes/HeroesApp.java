package dev.heroes;

import dev.heroes.api.AccessGuard;
import dev.heroes.api.ConsistencyTokens;
import dev.heroes.api.Endpoints;
import dev.heroes.api.Json;
import dev.heroes.api.RequestGate;
import dev.heroes.auth.Authenticator;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.config.AppConfig.LogSettings;
import dev.heroes.config.AppConfig.ServerSettings;
import dev.heroes.config.AuthSettings;
import dev.heroes.config.ConfigException;
import dev.heroes.config.ReplicaSettings;
import dev.heroes.config.SecuritySettings;
import dev.heroes.config.TlsSettings;
import dev.heroes.db.Database;
import dev.heroes.docs.ApiDocs;
import dev.heroes.docs.DocumentedSecurity;
import dev.heroes.hero.HeroRoutes;
import dev.heroes.http.AuthenticationGuard;
import dev.heroes.http.ChunkedFraming;
import dev.heroes.http.ClientAddresses;
import dev.heroes.http.Cors;
import dev.heroes.http.ErrorResponses;
import dev.heroes.http.HelidonWorkarounds;
import dev.heroes.http.Limits;
import dev.heroes.http.ListenerStop;
import dev.heroes.http.PerClientLimit;
import dev.heroes.http.ResponseCompression;
import dev.heroes.http.StandingHeaders;
import dev.heroes.http.TransportErrors;
import dev.heroes.idempotency.Idempotency;
import dev.heroes.observe.Management;
import dev.heroes.observe.Observability;
import dev.heroes.team.TeamRoutes;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.pki.PkiException;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: routes wired to a {@link Database} handed in from outside, so tests can
 * give it another one (the guide's {@code dependency_overrides}), and the management listener
 * beside them. Every request runs on its own virtual thread (Helidon SE 4): a handler may block on
 * the database without holding up others.
 */
public final class HeroesApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeroesApp.class);

    private final WebServer server;
    private final ListenerStop listenerStop;
    private final WebServer management;
    private final Idempotency idempotency;
    private final Observability observability;
    private final Duration shutdownGrace;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private HeroesApp(
            WebServer server,
            ListenerStop listenerStop,
            WebServer management,
            Idempotency idempotency,
            Observability observability,
            Duration shutdownGrace) {
        this.server = server;
        this.listenerStop = listenerStop;
        this.management = management;
        this.idempotency = idempotency;
        this.observability = observability;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Starts serving; the schema must be migrated already, and {@code database}'s meters should be
     * registered in {@code observability}'s registry. Both stay their creator's to close, after the
     * app.
     *
     * @throws IllegalStateException when a listener cannot listen where it is told to
     */
    public static HeroesApp start(
            ServerSettings settings,
            Database database,
            ApiSettings api,
            LogSettings log,
            SecuritySettings security,
            Observability observability) {
        Json json = new Json();
        AuthSettings auth = security.auth();
        ClientAddresses clientAddresses =
                new ClientAddresses(security.rateLimit().trustedProxies());
        // Off (RATE_LIMIT=0), nothing is put in front of the handlers.
        RequestGate gate = security.rateLimit().enabled()
                ? new PerClientLimit(security.rateLimit(), clientAddresses, json, observability.meters())
                : RequestGate.OPEN;
        // Off, no route has a guard in front of it: a request pays nothing for authentication.
        AccessGuard guard = auth.enabled()
                ? new AuthenticationGuard(Authenticator.of(auth), json, observability.meters())
                : AccessGuard.OPEN;
        Idempotency idempotency =
                new Idempotency(database, json, api.idempotencyKeyTtl(), Clock.systemUTC(), observability.meters());
        HttpRouting.Builder routing = HttpRouting.builder();
        ListenerStop listenerStop = new ListenerStop();
        ErrorResponses.register(routing, json, observability.meters(), listenerStop);
        // First, so that every line a request causes carries its id and its time covers everything.
        routing.addFilter(observability.requestObserver(
                log, auth.enabled(), security.tls().enabled() ? "https" : "http", clientAddresses::of));
        routing.addFilter(new HelidonWorkarounds());
        routing.addFilter(new StandingHeaders());
        compression(settings).ifPresent(routing::addFilter);
        if (security.cors().enabled()) {
            // Before the routes and their guards: a preflight carries no credentials.
            routing.addFilter(new Cors(security.cors(), json));
        }
        Endpoints endpoints = new Endpoints(routing, json, guard, gate);
        ReplicaSettings replicas = database.replicas();
        ConsistencyTokens tokens = replicas.enabled()
                ? new ConsistencyTokens(replicas.tokenTtl(), replicas.tokenCookie(), Clock.systemUTC())
                : ConsistencyTokens.OFF;
        new HeroRoutes(database, json, idempotency, tokens).register(endpoints);
        new TeamRoutes(database, json, api.heroesPerTeamInLists(), idempotency, tokens).register(endpoints);
        new ApiDocs(
                        auth.enabled()
                                ? new DocumentedSecurity(
                                        auth.jwtEnabled(), auth.apiKeysFile().isPresent(), auth.anonymousScopes())
                                : DocumentedSecurity.NONE)
                .register(endpoints);
        endpoints.addFallbacks();
        Http1Config http1 = Http1Config.builder()
                .maxPrologueLength(Limits.MAX_REQUEST_LINE_BYTES)
                .maxHeadersSize(Limits.MAX_HEADER_SECTION_BYTES)
                // The routes read the query as Starlette does (QueryParameters) and a path that is
                // no well-formed URI as literal text (HelidonWorkarounds): neither is refused before
                // routing.
                .validatePrologue(false)
                .validatePath(false)
                .build();
        WebServerConfig.Builder listener = WebServer.builder();
        if (security.tls().enabled()) {
            listener.tls(tls(security.tls()));
        }
        WebServer server = listener.host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                // Requests in flight when the service stops get this long to finish (drain()).
                .shutdownGracePeriod(settings.shutdownGrace())
                // Helidon takes a permit before each accept and gives it back when the connection
                // ends (ServerListener.listen, ConnectionHandler.run): at the cap the listener stops
                // accepting, and new connections wait in the kernel's accept queue (backlog, 1024)
                // until one ends; none is refused or answered meanwhile.
                .maxTcpConnections(settings.maxConnections())
                // A connection whose last request ended this long ago is closed; one waiting for its
                // request line is interrupted at once, one amid a request after its answer
                // (IdleTimeoutHandler, Http1Connection.close). Helidon checks every period (2 min
                // by default) and its clock moves by the second, so the check runs at a tenth of
                // the timeout, but not more often than every second.
                .idleConnectionTimeout(settings.idleTimeout())
                .idleConnectionPeriod(idleCheckPeriod(settings.idleTimeout()))
                // TCP_NODELAY, which Helidon leaves off: an answer written in more than one piece
                // (a large page, a streamed team) otherwise waits for the client's delayed ACK, 40 ms
                // here, before its last piece leaves, and a client that sends one request at a time
                // waits that long for each (bench SCALE=1: 44 ms p50 for a page of 100 heroes with
                // their teams, 1 ms with it).
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                // No feature joins the API's listener unasked (health and metrics have their own).
                .featuresDiscoverServices(false)
                // HTTP/1.1 alone, through ChunkedFraming: with a second protocol Helidon would close
                // an HTTP/1.0 connection without a word instead of answering it (Helidon 4 does not
                // speak HTTP/1.0, helidon-io/helidon#9604; helidon-io/helidon#9715 answers it 505
                // only when HTTP/1.1 is alone). Needed while both hold:
                // HostileInputTest.http10IsRefusedWithTheFixInTheDetail pins the 505.
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
            // Helidon logs why (a port in use, an address not ours) and gives up without throwing:
            // start() returns a server whose isRunning() is false (helidon-io/helidon#8109 made it
            // say so). Upstream: no issue asking start() to throw found as of 2026-12. The check can
            // go when start() throws an IllegalStateException naming host and port:
            // MainTest.aPortInUseStopsStartUpWithOneLine then passes without it.
            idempotency.close();
            throw new IllegalStateException("could not listen on " + settings.host() + ":" + settings.port());
        }
        WebServer management;
        try {
            management = Management.start(
                    settings.managementHost(),
                    settings.managementPort(),
                    observability,
                    database::unavailability,
                    compression(settings));
        } catch (IllegalStateException e) {
            server.stop();
            idempotency.close();
            throw e;
        }
        return new HeroesApp(server, listenerStop, management, idempotency, observability, settings.shutdownGrace());
    }

    /** gzip above {@code GZIP_MIN_SIZE}, unless it is off. */
    private static Optional<Filter> compression(ServerSettings settings) {
        return settings.gzipMinSize() > 0
                ? Optional.of(new ResponseCompression(settings.gzipMinSize()))
                : Optional.empty();
    }

    /** How often idle connections are looked for: a connection is closed within this of its timeout. */
    static Duration idleCheckPeriod(Duration idleTimeout) {
        Duration tenth = idleTimeout.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    /**
     * HTTPS with the PEM files' key and certificate chain, TLS 1.3 and 1.2 only.
     *
     * @throws ConfigException when the files hold no usable key or certificate
     */
    private static Tls tls(TlsSettings settings) {
        try {
            Keys keys = Keys.builder()
                    .pem(pem -> pem.key(Resource.create(settings.keyFile().orElseThrow()))
                            .certChain(
                                    Resource.create(settings.certificateFile().orElseThrow())))
                    .build();
            if (keys.privateKey().isEmpty() || keys.certChain().isEmpty()) {
                throw new ConfigException("TLS_KEY_FILE and TLS_CERT_FILE must hold a private key and its certificate");
            }
            return Tls.builder()
                    .privateKey(keys.privateKey().get())
                    .privateKeyCertChain(keys.certChain())
                    .enabledProtocols(List.of("TLSv1.3", "TLSv1.2"))
                    .build();
        } catch (PkiException | IllegalArgumentException | IllegalStateException e) {
            throw new ConfigException("TLS_CERT_FILE "
                    + settings.certificateFile().orElseThrow() + " and TLS_KEY_FILE "
                    + settings.keyFile().orElseThrow() + " are not a usable PEM certificate chain and private key: "
                    + e.getMessage());
        }
    }

    public int port() {
        return server.port();
    }

    /** The port of health and metrics. */
    public int managementPort() {
        return management.port();
    }

    /**
     * Stops as SIGTERM asks: readiness goes DOWN, the API's listener stops accepting connections,
     * requests in flight get up to the shutdown grace to finish (their answers close their
     * connections), and those still running then are interrupted, which answers them 503. Returns
     * when the API's listener has stopped; the management listener stops last. Idempotent.
     */
    public void drain() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        observability.startDraining();
        LOG.info(
                "Draining: {} request(s) in flight get up to {} s to finish",
                observability.drain().inFlight(),
                shutdownGrace.toMillis() / 1000.0);
        long started = System.nanoTime();
        listenerStop.begin();
        try {
            server.stop();
        } finally {
            listenerStop.end();
        }
        LOG.info("Drained in {} ms", (System.nanoTime() - started) / 1_000_000);
        management.stop();
        idempotency.close();
    }

    @Override
    public void close() {
        drain();
    }
}

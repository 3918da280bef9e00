package dev.heroes.team;

import static dev.heroes.api.PathIds.orNotFound;
import static dev.heroes.api.validation.Validation.validate;

import dev.heroes.api.ConsistencyTokens;
import dev.heroes.api.Endpoints;
import dev.heroes.api.HttpError;
import dev.heroes.api.IfMatch;
import dev.heroes.api.Json;
import dev.heroes.api.NextPageLink;
import dev.heroes.api.WriteResponses;
import dev.heroes.api.validation.Incoming;
import dev.heroes.db.Database;
import dev.heroes.idempotency.Idempotency;
import dev.heroes.model.Identified;
import dev.heroes.model.PageRequest;
import dev.heroes.model.Resource;
import dev.heroes.model.VersionPrecondition;
import dev.heroes.model.Versioned;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code /teams}: create, list (pages, heroes included), read with its heroes, patch and delete teams. */
public final class TeamRoutes {

    /**
     * How many of a team's heroes one read returns: a team with more is streamed a batch at a time.
     * A batch is about 70 KB of JSON.
     */
    static final int HEROES_PER_READ = 1_000;

    private final Database db;
    private final Json json;
    private final int heroesPerTeamInLists;
    private final Idempotency idempotency;
    private final TeamRepository teams;
    private final ConsistencyTokens tokens;

    /**
     * @param heroesPerTeamInLists how many heroes each team nests in {@code GET /teams/?include=heroes}
     *                             (a single team, {@code GET /teams/{id}}, nests all of them)
     * @param tokens               what each request asks of the standbys' freshness, and is told of
     *                             its write
     */
    public TeamRoutes(
            Database db, Json json, int heroesPerTeamInLists, Idempotency idempotency, ConsistencyTokens tokens) {
        this.tokens = tokens;
        this.db = db;
        this.json = json;
        this.heroesPerTeamInLists = heroesPerTeamInLists;
        this.idempotency = idempotency;
        this.teams = new TeamRepository(db.isEmbedded());
    }

    public void register(Endpoints endpoints) {
        endpoints
                .route(Method.POST, "/teams", this::create)
                .route(Method.GET, "/teams", this::list)
                .route(Method.GET, "/teams/{team_id}", this::read)
                .route(Method.PATCH, "/teams/{team_id}", this::update)
                .route(Method.DELETE, "/teams/{team_id}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Optional<Idempotency.Key> key = Idempotency.key(req);
        Incoming<TeamCreate> incoming = validate(v -> Incoming.read(v, req, json, TeamCreate::read));
        idempotency
                .create(
                        tokens.of(req, res),
                        key,
                        "POST /teams",
                        incoming.body().json(),
                        "team_insert",
                        dsl -> teams.insert(dsl, incoming.value()))
                .send(json, res);
    }

    /** {@code GET /teams/}: a page, and whether each team comes with its first heroes. */
    private record ListRequest(PageRequest page, boolean withHeroes) {}

    private void list(ServerRequest req, ServerResponse res) {
        ListRequest list =
                validate(v -> new ListRequest(v.page(req), v.queryChoice(req, "include", List.of("heroes")) != null));
        List<? extends Identified> found = list.withHeroes()
                ? db.read(
                        tokens.of(req, res),
                        "teams_page_with_heroes",
                        dsl -> teams.pageWithHeroes(dsl, list.page(), heroesPerTeamInLists))
                : db.read(tokens.of(req, res), "teams_page", dsl -> teams.page(dsl, list.page()));
        NextPageLink.addIfFull(req, res, list.page(), found);
        json.ok(res, found);
    }

    /**
     * {@code GET /teams/{team_id}}: the team and all its heroes. A team with fewer than
     * {@link #HEROES_PER_READ} heroes is read at once, on one snapshot; a bigger one is streamed, its
     * heroes read a batch at a time while the response is written, so that its size bounds neither
     * memory nor how long a connection is held.
     */
    private void read(ServerRequest req, ServerResponse res) {
        long teamId = orNotFound(Resource.TEAM, validate(v -> v.pathId(req, "team_id")));
        Versioned<TeamPublicWithHeroes> found = db.read(
                        tokens.of(req, res), "team_find", dsl -> teams.findWithHeroes(dsl, teamId, HEROES_PER_READ))
                .orElseThrow(() -> HttpError.notFound(Resource.TEAM));
        if (WriteResponses.sentNotModified(req, res, found.version())) {
            return;
        }
        if (found.value().heroes().size() < HEROES_PER_READ) {
            WriteResponses.sendTagged(json, res, found);
            return;
        }
        WriteResponses.sendTaggedStreamed(
                json,
                res,
                found.version(),
                new TeamWithStreamedHeroes(
                        found.value(),
                        heroId -> db.read(
                                "team_heroes_after", dsl -> teams.heroesAfter(dsl, teamId, heroId, HEROES_PER_READ)),
                        HEROES_PER_READ));
    }

    /** {@code PATCH /teams/{team_id}}: the id and the changes. */
    private record UpdateRequest(OptionalLong id, TeamUpdate update) {}

    private void update(ServerRequest req, ServerResponse res) {
        UpdateRequest request = validate(v -> new UpdateRequest(
                v.pathId(req, "team_id"),
                Incoming.read(v, req, json, TeamUpdate::read).value()));
        long teamId = orNotFound(Resource.TEAM, request.id());
        VersionPrecondition ifMatch = IfMatch.read(req);
        WriteResponses.sendTagged(
                json,
                res,
                WriteResponses.orElseThrow(
                        db.writeStatement(
                                tokens.of(req, res),
                                "team_update",
                                dsl -> teams.update(dsl, teamId, request.update(), ifMatch)),
                        Resource.TEAM));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long teamId = orNotFound(Resource.TEAM, validate(v -> v.pathId(req, "team_id")));
        VersionPrecondition ifMatch = IfMatch.read(req);
        WriteResponses.orElseThrow(
                db.write(tokens.of(req, res), "team_delete", dsl -> teams.delete(dsl, teamId, ifMatch)), Resource.TEAM);
        json.ok(res, Map.of("ok", true));
    }
}

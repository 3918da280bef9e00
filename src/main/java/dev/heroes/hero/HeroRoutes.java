package dev.heroes.hero;

import static dev.heroes.api.PathIds.orNotFound;
import static dev.heroes.api.validation.Validation.validate;

import dev.heroes.api.ConsistencyTokens;
import dev.heroes.api.Endpoints;
import dev.heroes.api.HttpError;
import dev.heroes.api.IfMatch;
import dev.heroes.api.Json;
import dev.heroes.api.NextPageLink;
import dev.heroes.api.WriteResponses;
import dev.heroes.api.validation.BodyFields;
import dev.heroes.api.validation.Incoming;
import dev.heroes.api.validation.RequestValidationException;
import dev.heroes.api.validation.Validation;
import dev.heroes.db.Database;
import dev.heroes.idempotency.Idempotency;
import dev.heroes.model.HeroPublic;
import dev.heroes.model.Identified;
import dev.heroes.model.PageRequest;
import dev.heroes.model.Resource;
import dev.heroes.model.VersionPrecondition;
import dev.heroes.model.Versioned;
import dev.heroes.model.WriteOutcome;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code /heroes}: create, list (pages, filters, teams included), read with its team, patch and delete heroes. */
public final class HeroRoutes {

    private final Database db;
    private final Json json;
    private final Idempotency idempotency;
    private final HeroRepository heroes;
    private final ConsistencyTokens tokens;

    /** @param tokens what each request asks of the standbys' freshness, and is told of its write */
    public HeroRoutes(Database db, Json json, Idempotency idempotency, ConsistencyTokens tokens) {
        this.db = db;
        this.json = json;
        this.idempotency = idempotency;
        this.tokens = tokens;
        this.heroes = new HeroRepository(db.isEmbedded());
    }

    public void register(Endpoints endpoints) {
        endpoints
                .route(Method.POST, "/heroes", this::create)
                .route(Method.GET, "/heroes", this::list)
                .route(Method.GET, "/heroes/{hero_id}", this::read)
                .route(Method.PATCH, "/heroes/{hero_id}", this::update)
                .route(Method.DELETE, "/heroes/{hero_id}", this::delete);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Optional<Idempotency.Key> key = Idempotency.key(req);
        Incoming<HeroCreate> incoming = validate(v -> Incoming.read(v, req, json, HeroCreate::read));
        idempotency
                .create(
                        tokens.of(req, res),
                        key,
                        "POST /heroes",
                        incoming.body().json(),
                        "hero_insert",
                        dsl -> WriteResponses.orElseThrow(
                                heroes.insert(dsl, incoming.value()),
                                Resource.HERO,
                                () -> unknownTeam(incoming.body())))
                .send(json, res);
    }

    /** {@code GET /heroes/}: a page, the filters, and whether each hero comes with its team. */
    private record ListRequest(PageRequest page, HeroFilter filter, boolean withTeams) {}

    private void list(ServerRequest req, ServerResponse res) {
        ListRequest list = validate(v -> new ListRequest(
                v.page(req), HeroFilter.read(req, v), v.queryChoice(req, "include", List.of("team")) != null));
        List<? extends Identified> found = list.withTeams()
                ? db.read(
                        tokens.of(req, res),
                        "heroes_page_with_teams",
                        dsl -> heroes.pageWithTeams(dsl, list.page(), list.filter()))
                : db.read(tokens.of(req, res), "heroes_page", dsl -> heroes.page(dsl, list.page(), list.filter()));
        NextPageLink.addIfFull(req, res, list.page(), found);
        json.ok(res, found);
    }

    private void read(ServerRequest req, ServerResponse res) {
        OptionalLong id = validate(v -> heroId(req, v));
        Versioned<HeroPublicWithTeam> found = db.read(
                        tokens.of(req, res),
                        "hero_find",
                        dsl -> heroes.findWithTeam(dsl, orNotFound(Resource.HERO, id)))
                .orElseThrow(() -> HttpError.notFound(Resource.HERO));
        if (!WriteResponses.sentNotModified(req, res, found.version())) {
            WriteResponses.sendTagged(json, res, found);
        }
    }

    /** {@code PATCH /heroes/{hero_id}}: the id, and the changes with the body they were read from. */
    private record UpdateRequest(OptionalLong id, Incoming<HeroUpdate> changes) {}

    private void update(ServerRequest req, ServerResponse res) {
        UpdateRequest request =
                validate(v -> new UpdateRequest(heroId(req, v), Incoming.read(v, req, json, HeroUpdate::read)));
        long heroId = orNotFound(Resource.HERO, request.id());
        VersionPrecondition ifMatch = IfMatch.read(req);
        HeroUpdate update = request.changes().value();
        WriteOutcome<HeroPublic> updated = db.writeStatement(
                tokens.of(req, res), "hero_update", dsl -> heroes.update(dsl, heroId, update, ifMatch));
        WriteResponses.sendTagged(
                json,
                res,
                WriteResponses.orElseThrow(
                        updated,
                        Resource.HERO,
                        () -> unknownTeam(request.changes().body())));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        long heroId = orNotFound(Resource.HERO, validate(v -> heroId(req, v)));
        VersionPrecondition ifMatch = IfMatch.read(req);
        WriteResponses.orElseThrow(
                db.writeStatement(tokens.of(req, res), "hero_delete", dsl -> heroes.delete(dsl, heroId, ifMatch)),
                Resource.HERO);
        json.ok(res, Map.of("ok", true));
    }

    /** The 422 for a {@code team_id} that names no team, quoting the value as it was sent. */
    private static RequestValidationException unknownTeam(BodyFields body) {
        return new RequestValidationException(
                List.of(BodyFields.foreignKey("team_id", body.raw("team_id"), Resource.TEAM.notFoundDetail())));
    }

    private static OptionalLong heroId(ServerRequest req, Validation validation) {
        return validation.pathId(req, "hero_id");
    }
}

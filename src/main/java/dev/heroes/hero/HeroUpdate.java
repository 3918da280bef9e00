package dev.heroes.hero;

import dev.heroes.team.TeamRoutes;
import dev.heroes.web.BodyFields;
import dev.heroes.web.Patch;

/** The body of {@code PATCH /heroes/{id}}: only the keys sent change; name and secret may not be null. */
public record HeroUpdate(Patch<String> name, Patch<Long> age, Patch<Long> teamId, Patch<String> secretName) {

    static HeroUpdate read(BodyFields body) {
        return new HeroUpdate(
                body.patchString("name"),
                body.patchInteger("age"),
                body.patchReference("team_id", TeamRoutes.TEAM.notFoundDetail()),
                body.patchString("secret_name"));
    }
}

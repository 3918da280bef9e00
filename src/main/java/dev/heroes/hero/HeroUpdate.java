package dev.heroes.hero;

import dev.heroes.api.validation.BodyFields;
import dev.heroes.model.Patch;
import dev.heroes.model.Resource;

/** The body of {@code PATCH /heroes/{id}}: only the keys sent change; name and secret may not be null. */
public record HeroUpdate(Patch<String> name, Patch<Long> age, Patch<Long> teamId, Patch<String> secretName) {

    static HeroUpdate read(BodyFields body) {
        return new HeroUpdate(
                body.patchString("name"),
                body.patchInteger("age"),
                body.patchReference("team_id", Resource.TEAM.notFoundDetail()),
                body.patchString("secret_name"));
    }
}

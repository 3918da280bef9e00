package dev.heroes.team;

import dev.heroes.api.validation.BodyFields;
import dev.heroes.model.Patch;

/** The body of {@code PATCH /teams/{id}}: only the keys sent change. */
public record TeamUpdate(Patch<String> name) {

    static TeamUpdate read(BodyFields body) {
        return new TeamUpdate(body.patchString("name"));
    }
}

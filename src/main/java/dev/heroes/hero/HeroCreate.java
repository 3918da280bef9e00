package dev.heroes.hero;

import dev.heroes.api.validation.BodyFields;
import dev.heroes.model.Resource;

/** The body of {@code POST /heroes/}: no id (the database assigns it); the secret goes in, never out. */
public record HeroCreate(String name, Long age, Long teamId, String secretName) {

    static HeroCreate read(BodyFields body) {
        return new HeroCreate(
                body.requiredString("name"),
                body.optionalInteger("age"),
                body.optionalReference("team_id", Resource.TEAM.notFoundDetail()),
                body.requiredString("secret_name"));
    }
}

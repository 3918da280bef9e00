package dev.heroes.team;

import dev.heroes.api.validation.BodyFields;

/** The body of {@code POST /teams/}. */
public record TeamCreate(String name) {

    static TeamCreate read(BodyFields body) {
        return new TeamCreate(body.requiredString("name"));
    }
}

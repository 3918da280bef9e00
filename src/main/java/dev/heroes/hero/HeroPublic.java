package dev.heroes.hero;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.heroes.web.Identified;

/** A hero as clients see it: never the secret name. */
public record HeroPublic(String name, Long age, @JsonProperty("team_id") Long teamId, long id) implements Identified {
}

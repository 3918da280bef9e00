package dev.heroes.hero;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.heroes.team.TeamPublic;
import dev.heroes.web.Identified;

/** A hero with its team, or null; the team does not nest its heroes again. */
public record HeroPublicWithTeam(String name, Long age, @JsonProperty("team_id") Long teamId, long id,
                                 TeamPublic team) implements Identified {
}

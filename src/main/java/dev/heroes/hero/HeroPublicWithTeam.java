package dev.heroes.hero;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heroes.json.JsonFields;
import dev.heroes.model.HeroPublic;
import dev.heroes.model.Identified;
import dev.heroes.model.TeamPublic;
import java.io.IOException;

/** A hero with its team, or null; the team does not nest its heroes again. */
public record HeroPublicWithTeam(String name, Long age, Long teamId, long id, TeamPublic team)
        implements Identified, JsonFields {

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        HeroPublic.writeFields(json, name, age, teamId, id);
        JsonFields.writeObject(json, "team", team);
    }
}

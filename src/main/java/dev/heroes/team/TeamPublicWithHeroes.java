package dev.heroes.team;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heroes.json.JsonFields;
import dev.heroes.model.HeroPublic;
import dev.heroes.model.Identified;
import java.io.IOException;
import java.util.List;

/** A team with its heroes, ordered by id; the heroes do not nest their team again. */
public record TeamPublicWithHeroes(String name, long id, List<HeroPublic> heroes) implements Identified, JsonFields {

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        json.writeStringField("name", name);
        json.writeNumberField("id", id);
        JsonFields.writeArray(json, "heroes", heroes);
    }
}

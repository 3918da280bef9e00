package dev.heroes.model;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heroes.json.JsonFields;
import java.io.IOException;

/** A hero as clients see it: never the secret name. */
public record HeroPublic(String name, Long age, Long teamId, long id) implements Identified, JsonFields {

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        writeFields(json, name, age, teamId, id);
    }

    /** A hero's public fields, which {@code HeroPublicWithTeam} writes too, before its team. */
    public static void writeFields(JsonGenerator json, String name, Long age, Long teamId, long id) throws IOException {
        json.writeStringField("name", name);
        JsonFields.writeNumber(json, "age", age);
        JsonFields.writeNumber(json, "team_id", teamId);
        json.writeNumberField("id", id);
    }
}

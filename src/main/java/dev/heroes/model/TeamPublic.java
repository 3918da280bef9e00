package dev.heroes.model;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heroes.json.JsonFields;
import java.io.IOException;

/** A team as clients see it. */
public record TeamPublic(String name, long id) implements Identified, JsonFields {

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        json.writeStringField("name", name);
        json.writeNumberField("id", id);
    }
}

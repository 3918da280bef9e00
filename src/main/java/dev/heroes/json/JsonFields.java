package dev.heroes.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.util.List;

/**
 * A response model that writes its JSON object's fields itself, in the contract's order. Jackson
 * would otherwise read each record component through reflection, which was about a tenth of the CPU
 * of a request answering 100 heroes. Every response is checked against the OpenAPI document in the
 * tests, so a field written here cannot drift from the contract unnoticed.
 */
public interface JsonFields extends JsonSerializable {

    /** Writes the fields, between the object's braces. */
    void writeFields(JsonGenerator json) throws IOException;

    @Override
    default void serialize(JsonGenerator json, SerializerProvider provider) throws IOException {
        json.writeStartObject(this);
        writeFields(json);
        json.writeEndObject();
    }

    /** No response is polymorphic: the type is never written. */
    @Override
    default void serializeWithType(JsonGenerator json, SerializerProvider provider, TypeSerializer type)
            throws IOException {
        serialize(json, provider);
    }

    /** {@code "name": value}, or {@code null}: an absent value is written, as FastAPI writes None. */
    static void writeNumber(JsonGenerator json, String name, Long value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value.longValue());
        }
    }

    /** {@code "name": {...}}, or {@code null}. */
    static void writeObject(JsonGenerator json, String name, JsonFields value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeFieldName(name);
            value.serialize(json, null);
        }
    }

    /** {@code "name": [{...}, ...]}. */
    static void writeArray(JsonGenerator json, String name, List<? extends JsonFields> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (JsonFields value : values) {
            value.serialize(json, null);
        }
        json.writeEndArray();
    }
}

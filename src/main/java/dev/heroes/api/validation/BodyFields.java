package dev.heroes.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.model.Patch;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of a JSON object body with pydantic's rules, recording every invalid one in the
 * request's {@link Validation}. Keys the model does not read (a client-sent {@code id}, unknown
 * keys) are ignored. When the body itself was invalid there are no fields, and nothing more is
 * recorded, as in FastAPI.
 */
public final class BodyFields {

    private static final String STRING_TYPE_MSG = "Input should be a valid string";

    private final Validation validation;
    private final JsonNode object;

    BodyFields(Validation validation, JsonNode object) {
        this.validation = validation;
        this.object = object;
    }

    /** A required string: absent is {@code missing}, anything but a string is {@code string_type}. */
    public String requiredString(String field) {
        if (object == null) {
            return null;
        }
        JsonNode node = object.get(field);
        if (node == null) {
            validation.add(ValidationError.of("missing", loc(field), "Field required", object));
            return null;
        }
        return string(field, node);
    }

    /** An optional integer: absent and null are both null. */
    public Long optionalInteger(String field) {
        JsonNode node = object == null ? null : object.get(field);
        return node == null || node.isNull() ? null : integer(field, node);
    }

    /**
     * An optional id of another row: absent and null are both null. An integer beyond int64 cannot
     * name a row, so it fails as {@code foreign_key} with {@code notFound}, like any unknown id.
     */
    public Long optionalReference(String field, String notFound) {
        JsonNode node = object == null ? null : object.get(field);
        return node == null || node.isNull() ? null : reference(field, node, notFound);
    }

    /** A PATCH string that may not be null. */
    public Patch<String> patchString(String field) {
        JsonNode node = object == null ? null : object.get(field);
        return node == null ? Patch.keep() : Patch.set(string(field, node));
    }

    /** A PATCH integer; null clears it. */
    public Patch<Long> patchInteger(String field) {
        JsonNode node = object == null ? null : object.get(field);
        return node == null ? Patch.keep() : Patch.set(node.isNull() ? null : integer(field, node));
    }

    /** A PATCH reference to another row; null clears it. */
    public Patch<Long> patchReference(String field, String notFound) {
        JsonNode node = object == null ? null : object.get(field);
        return node == null ? Patch.keep() : Patch.set(node.isNull() ? null : reference(field, node, notFound));
    }

    private String string(String field, JsonNode node) {
        if (!node.isTextual()) {
            validation.add(ValidationError.of("string_type", loc(field), STRING_TYPE_MSG, node));
            return null;
        }
        String value = node.textValue();
        if (value.indexOf('\u0000') >= 0) {
            validation.add(Validation.nulCharacter(loc(field), node));
            return null;
        }
        return value;
    }

    private Long integer(String field, JsonNode node) {
        return switch (LaxInteger.fromJson(node)) {
            case LaxInteger.Invalid invalid -> {
                validation.add(invalid, loc(field), node);
                yield null;
            }
            case LaxInteger.Valid(BigInteger value)
            when value.compareTo(Validation.LONG_MAX) > 0 -> {
                validation.add(new ValidationError(
                        "less_than_equal",
                        loc(field),
                        "Input should be less than or equal to " + Long.MAX_VALUE,
                        node,
                        Map.of("le", Long.MAX_VALUE)));
                yield null;
            }
            case LaxInteger.Valid(BigInteger value)
            when value.compareTo(Validation.LONG_MIN) < 0 -> {
                validation.add(new ValidationError(
                        "greater_than_equal",
                        loc(field),
                        "Input should be greater than or equal to " + Long.MIN_VALUE,
                        node,
                        Map.of("ge", Long.MIN_VALUE)));
                yield null;
            }
            case LaxInteger.Valid(BigInteger value) -> value.longValue();
        };
    }

    private Long reference(String field, JsonNode node, String notFound) {
        return switch (LaxInteger.fromJson(node)) {
            case LaxInteger.Invalid invalid -> {
                validation.add(invalid, loc(field), node);
                yield null;
            }
            case LaxInteger.Valid(BigInteger value)
            when !Validation.fitsLong(value) -> {
                validation.add(foreignKey(field, node, notFound));
                yield null;
            }
            case LaxInteger.Valid(BigInteger value) -> value.longValue();
        };
    }

    /** The 422 entry for an id that names no row; also used once the database has said so. */
    public static ValidationError foreignKey(String field, Object input, String notFound) {
        return ValidationError.of("foreign_key", loc(field), notFound, input);
    }

    /** The whole body object as parsed; null when the body was invalid. */
    public JsonNode json() {
        return object;
    }

    /** The value the client sent for {@code field}, for error reports. */
    public JsonNode raw(String field) {
        return object == null ? null : object.get(field);
    }

    private static List<Object> loc(String field) {
        return List.of("body", field);
    }
}

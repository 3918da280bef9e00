package dev.heroes.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The part of JSON Schema 2020-12 that the OpenAPI document uses, applied to response bodies:
 * {@code $ref}, {@code anyOf}, {@code type} (one or a list, {@code "null"} included),
 * {@code properties}, {@code required}, {@code additionalProperties}, {@code items},
 * {@code minimum} and {@code maximum}.
 *
 * <p>One rule is stricter than JSON Schema: an object schema that lists {@code properties} and says
 * nothing of {@code additionalProperties} is closed. Pydantic leaves its schemas open (extra keys are
 * ignored on input), but a response must carry only the keys the document promises: that keeps
 * {@code secret_name} out and the document complete.
 *
 * <p>A keyword it does not know is reported as a problem rather than skipped, so a schema it cannot
 * read fails instead of passing unchecked.
 */
final class ResponseSchemaValidator {

    /** Keywords that describe and never constrain. */
    private static final Set<String> ANNOTATIONS = Set.of(
            "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "format");

    private static final Set<String> KEYWORDS = Set.of(
            "$ref", "anyOf", "type", "properties", "required", "additionalProperties", "items", "minimum", "maximum");

    private final OpenApiSpec spec;

    ResponseSchemaValidator(OpenApiSpec spec) {
        this.spec = spec;
    }

    /** Every way {@code value} breaks {@code schema}, each prefixed with where ({@code $} is the body). */
    List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                problems.add(at + ": no value is allowed here");
            }
            return;
        }
        for (Iterator<String> keys = schema.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                problems.add(at + ": the checker does not support the keyword '" + key + "'");
            }
        }
        if (schema.has("$ref")) {
            check(spec.resolve(schema.get("$ref").textValue()), value, at, problems);
        }
        if (schema.has("anyOf")) {
            checkAnyOf(schema.get("anyOf"), value, at, problems);
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            problems.add(at + ": expected " + schema.get("type") + ", got " + describe(value));
            return;
        }
        if (value.isObject()) {
            checkObject(schema, value, at, problems);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum")
                    && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                problems.add(at + ": " + value + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum")
                    && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                problems.add(at + ": " + value + " is above the maximum " + schema.get("maximum"));
            }
        }
    }

    private void checkAnyOf(JsonNode branches, JsonNode value, String at, List<String> problems) {
        List<String> misses = new ArrayList<>();
        for (JsonNode branch : branches) {
            List<String> branchProblems = new ArrayList<>();
            check(branch, value, at, branchProblems);
            if (branchProblems.isEmpty()) {
                return;
            }
            misses.addAll(branchProblems);
        }
        problems.add(at + ": matches no branch of anyOf " + misses);
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> problems) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.textValue())) {
                problems.add(at + ": missing required key '" + required.textValue() + "'");
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String where = at + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), where, problems);
            } else if (additional != null) {
                check(additional, field.getValue(), where, problems);
            } else if (schema.has("properties")) {
                problems.add(where + ": key not in the schema");
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (hasType(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.textValue()) {
            case "null" -> value.isNull();
            case "boolean" -> value.isBoolean();
            case "string" -> value.isTextual();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "number" -> value.isNumber();
            // JSON Schema counts 1.0 as an integer too.
            case "integer" ->
                value.isIntegralNumber()
                        || (value.isNumber()
                                && value.decimalValue().stripTrailingZeros().scale() <= 0);
            default -> throw new IllegalArgumentException("unknown JSON Schema type " + type);
        };
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }
}

package dev.heroes.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.heroes.api.QueryParameters;
import dev.heroes.model.PageRequest;
import io.helidon.webserver.http.ServerRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a request's inputs and collects the invalid ones in FastAPI's order (path, then query, then
 * body), so that one 422 lists all of them. Its one entry point, {@link #validate}, gives a handler
 * either a valid request or that 422: no handler ever holds what an invalid input was read into.
 */
public final class Validation {

    static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private static final String NUL_MSG = "String should not contain the NUL character";

    private final List<ValidationError> errors = new ArrayList<>();
    private QueryParameters query;

    private Validation() {}

    /**
     * Runs {@code reads}, which reads every input of a request through the {@link Validation} it is
     * given, and returns what it made of them.
     *
     * @throws RequestValidationException the contract's 422, listing every invalid input, when any
     *                                    was; what {@code reads} returned is then never seen
     */
    public static <T> T validate(Function<Validation, T> reads) {
        Validation validation = new Validation();
        T request = reads.apply(validation);
        if (!validation.errors.isEmpty()) {
            throw new RequestValidationException(validation.errors);
        }
        return request;
    }

    /**
     * A path id. An integer beyond int64 names no row: it comes back empty, for a 404, and is no 422.
     */
    public OptionalLong pathId(ServerRequest request, String name) {
        String raw = request.path().pathParameters().get(name);
        return switch (LaxInteger.fromString(raw)) {
            case LaxInteger.Valid(BigInteger value) ->
                fitsLong(value) ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
            case LaxInteger.Invalid invalid -> {
                add(invalid, List.of("path", name), raw);
                yield OptionalLong.empty();
            }
        };
    }

    /**
     * {@code ?offset=&limit=&after_id=} of every list: the guide's capped pagination, so no request
     * can ask for a whole table, plus keyset pages.
     */
    public PageRequest page(ServerRequest request) {
        long offset = queryInteger(request, "offset", 0L, 0, Long.MAX_VALUE);
        long limit = queryInteger(request, "limit", (long) PageRequest.MAX_LIMIT, 0, PageRequest.MAX_LIMIT);
        Long afterId = queryInteger(request, "after_id", null, 0, Long.MAX_VALUE);
        return new PageRequest(offset, (int) limit, afterId);
    }

    /**
     * A query integer within {@code [min, max]}, or {@code defaultValue} when absent. With
     * {@code max == Long.MAX_VALUE} a larger value is valid and comes back as the maximum: an offset,
     * an id or an age beyond int64 is simply past every row.
     */
    public Long queryInteger(ServerRequest request, String name, Long defaultValue, long min, long max) {
        String raw = lastQueryValue(request, name);
        if (raw == null) {
            return defaultValue;
        }
        List<Object> loc = List.of("query", name);
        return switch (LaxInteger.fromString(raw)) {
            case LaxInteger.Invalid invalid -> {
                add(invalid, loc, raw);
                yield defaultValue;
            }
            case LaxInteger.Valid(BigInteger value)
            when value.compareTo(BigInteger.valueOf(min)) < 0 -> {
                errors.add(new ValidationError(
                        "greater_than_equal",
                        loc,
                        "Input should be greater than or equal to " + min,
                        raw,
                        Map.of("ge", min)));
                yield defaultValue;
            }
            case LaxInteger.Valid(BigInteger value)
            when value.compareTo(BigInteger.valueOf(max)) > 0 -> {
                if (max == Long.MAX_VALUE) {
                    yield max;
                }
                errors.add(new ValidationError(
                        "less_than_equal",
                        loc,
                        "Input should be less than or equal to " + max,
                        raw,
                        Map.of("le", max)));
                yield defaultValue;
            }
            case LaxInteger.Valid(BigInteger value) -> value.longValue();
        };
    }

    /** An optional query string, or null when absent. */
    public String queryString(ServerRequest request, String name) {
        String raw = lastQueryValue(request, name);
        if (raw != null && raw.indexOf('\u0000') >= 0) {
            errors.add(nulCharacter(List.of("query", name), raw));
            return null;
        }
        return raw;
    }

    /** An optional query value that must be one of {@code allowed}, or null when absent. */
    public String queryChoice(ServerRequest request, String name, List<String> allowed) {
        String raw = lastQueryValue(request, name);
        if (raw == null || allowed.contains(raw)) {
            return raw;
        }
        String expected = allowed.stream().map(v -> "'" + v + "'").collect(Collectors.joining(" or "));
        errors.add(new ValidationError(
                "literal_error",
                List.of("query", name),
                "Input should be " + expected,
                raw,
                Map.of("expected", expected)));
        return null;
    }

    /** Like Starlette, the last of repeated parameters wins; the query is parsed once per request. */
    private String lastQueryValue(ServerRequest request, String name) {
        if (query == null) {
            query = QueryParameters.of(request);
        }
        return query.last(name);
    }

    /** PostgreSQL cannot store or compare NUL in text; refusing it everywhere keeps the databases alike. */
    static ValidationError nulCharacter(List<Object> loc, Object input) {
        return new ValidationError("value_error", loc, "Value error, " + NUL_MSG, input, Map.of("error", NUL_MSG));
    }

    /** The body as an object whose fields the boundary model reads next. */
    public BodyFields body(RequestBody body) {
        List<Object> loc = List.of("body");
        switch (body) {
            case RequestBody.Absent absent -> missingBody();
            case RequestBody.Parsed(JsonNode value) when value == null || value.isNull() -> missingBody();
            case RequestBody.Parsed(JsonNode value)
            when value.isObject() -> {
                return new BodyFields(this, value);
            }
            case RequestBody.Parsed(JsonNode value) -> notAnObject(value);
            case RequestBody.Other(String text) -> notAnObject(text);
            case RequestBody.Malformed malformed ->
                errors.add(new ValidationError(
                        "json_invalid",
                        List.of("body", malformed.position()),
                        "JSON decode error",
                        JsonNodeFactory.instance.objectNode(),
                        RequestBody.errorContext(malformed)));
        }
        return new BodyFields(this, null);
    }

    private void missingBody() {
        errors.add(ValidationError.of("missing", List.of("body"), "Field required", null));
    }

    private void notAnObject(Object input) {
        errors.add(ValidationError.of(
                "model_attributes_type",
                List.of("body"),
                "Input should be a valid dictionary or object to extract fields from",
                input));
    }

    void add(LaxInteger.Invalid invalid, List<Object> loc, Object input) {
        errors.add(ValidationError.of(invalid.type(), loc, invalid.msg(), input));
    }

    void add(ValidationError error) {
        errors.add(error);
    }

    static boolean fitsLong(BigInteger value) {
        return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
    }
}

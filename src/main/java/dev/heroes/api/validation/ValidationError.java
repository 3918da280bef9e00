package dev.heroes.api.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One entry of a 422 body, in the shape FastAPI gives pydantic 2's errors.
 *
 * @param input the offending value as received: a JSON node, a string from the path or query, or null
 * @param ctx   the constraint that failed, where pydantic gives one
 */
public record ValidationError(
        String type,
        List<Object> loc,
        String msg,
        Object input,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ctx) {

    public static ValidationError of(String type, List<Object> loc, String msg, Object input) {
        return new ValidationError(type, loc, msg, input, null);
    }
}

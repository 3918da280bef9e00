package dev.heroes.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Pydantic 2's lax integer rules, the ones a FastAPI client relies on: JSON integers, floats without
 * a fractional part ({@code 42.0}), booleans, and strings such as {@code " 42 "}, {@code "+42"},
 * {@code "1_000"} or {@code "42.00"}.
 */
public final class LaxInteger {

    /** The outcome: a value, or the pydantic error type and message. */
    public sealed interface Result {}

    public record Valid(BigInteger value) implements Result {}

    public record Invalid(String type, String msg) implements Result {}

    static final Invalid PARSING =
            new Invalid("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
    static final Invalid FRACTION =
            new Invalid("int_from_float", "Input should be a valid integer, got a number with a fractional part");
    static final Invalid NOT_INTEGER = new Invalid("int_type", "Input should be a valid integer");
    /** 1e400 (read as infinity, as Python reads it), NaN, Infinity and -Infinity. */
    static final Invalid NOT_FINITE = new Invalid("finite_number", "Input should be a finite number");

    static final Invalid TOO_LONG =
            new Invalid("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size");

    private static final int MAX_DIGITS = 4_300;

    private LaxInteger() {}

    /** A path or query value, always a string. */
    public static Result fromString(String raw) {
        String text = raw.strip();
        if (text.length() > MAX_DIGITS) {
            return TOO_LONG;
        }
        BigInteger parsed = parseDigits(text);
        if (parsed == null) {
            int dot = text.indexOf('.');
            if (dot >= 0 && text.substring(dot + 1).chars().allMatch(c -> c == '0')) {
                parsed = parseDigits(text.substring(0, dot));
            }
        }
        return parsed == null ? PARSING : new Valid(parsed);
    }

    /** A JSON body value; the caller handles JSON null before. */
    public static Result fromJson(JsonNode node) {
        if (node.isIntegralNumber()) {
            return new Valid(node.bigIntegerValue());
        }
        if (node.isFloatingPointNumber()) {
            if (!Double.isFinite(node.doubleValue())) {
                return NOT_FINITE;
            }
            BigDecimal value = node.decimalValue();
            return value.stripTrailingZeros().scale() <= 0 ? new Valid(value.toBigIntegerExact()) : FRACTION;
        }
        if (node.isBoolean()) {
            return new Valid(node.booleanValue() ? BigInteger.ONE : BigInteger.ZERO);
        }
        if (node.isTextual()) {
            return fromString(node.textValue());
        }
        return NOT_INTEGER;
    }

    private static BigInteger parseDigits(String text) {
        String digits = text;
        if (digits.indexOf('_') >= 0) {
            // Like Python's int(): inner underscores separate digits; leading or trailing ones do not.
            if (digits.startsWith("_") || digits.endsWith("_")) {
                return null;
            }
            digits = digits.replace("_", "");
        }
        int start = digits.startsWith("+") || digits.startsWith("-") ? 1 : 0;
        if (digits.length() == start) {
            return null;
        }
        for (int i = start; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
    }
}

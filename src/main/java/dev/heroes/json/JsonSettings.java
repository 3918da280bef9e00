package dev.heroes.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.regex.Pattern;

/**
 * How the service reads and writes JSON: Jackson set up to read what Python's {@code json.loads}
 * reads, within limits that keep a hostile body cheap, and the parser's words fit for a 422.
 */
public final class JsonSettings {

    /**
     * How deeply a request body's arrays and objects may nest: the service reads flat objects, and a
     * refused body is echoed in a 422 within three more levels, far below what Jackson will write.
     */
    public static final int MAX_NESTING_DEPTH = 64;

    /** The most digits a number in a request body may have, as Python's int() (4,300) and less. */
    public static final int MAX_NUMBER_LENGTH = 1_000;

    /** A reference to a Jackson setting inside a parser message: ", from `X.y()`", ": enable `X` to allow". */
    private static final Pattern JACKSON_SETTING = Pattern.compile("(, from|: enable|; enable) `[^`]*`( to allow)?");

    private JsonSettings() {}

    /** A mapper with the service's settings; make one and share it, it is thread-safe. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(MAX_NESTING_DEPTH)
                                .maxNumberLength(MAX_NUMBER_LENGTH)
                                .build())
                        .build())
                // Python's json.loads rejects "{} {}"; so do we.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                // Python's json.loads reads NaN, Infinity and -Infinity; pydantic then refuses them
                // where a number is expected (finite_number), and so do we.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /**
     * The parser's own words on a body it refused, without the names of its Java settings that some
     * of its messages append (for example "..., from `StreamReadConstraints.getMaxNestingDepth()`").
     */
    public static String parserMessage(JsonProcessingException e) {
        return JACKSON_SETTING.matcher(e.getOriginalMessage()).replaceAll("");
    }
}

package dev.heroes.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query as Starlette reads it: {@code parse_qsl(keep_blank_values=True)} and Python's {@code unquote}. */
class QueryParametersTest {

    @Test
    void aParameterWithoutEqualsHasTheEmptyValueAndTheLastRepeatWins() {
        QueryParameters query = QueryParameters.parse("limit&name=a&name=b&&offset=");

        assertThat(query.last("limit")).isEmpty();
        assertThat(query.last("name")).isEqualTo("b");
        assertThat(query.last("offset")).isEmpty();
        assertThat(query.last("absent")).isNull();
        assertThat(query.names()).containsExactly("limit", "name", "offset");
    }

    @Test
    void onlyTheFirstEqualsSplitsAPair() {
        assertThat(QueryParameters.parse("a=b=c").last("a")).isEqualTo("b=c");
        assertThat(QueryParameters.parse("=x").last("")).isEqualTo("x");
    }

    @Test
    void escapesDecodeAsUtf8AndInvalidOnesStayLiteral() {
        assertThat(QueryParameters.parse("n=%C3%A9lan").last("n")).isEqualTo("élan");
        assertThat(QueryParameters.parse("n=a+b%20c").last("n")).isEqualTo("a b c");
        assertThat(QueryParameters.parse("n=%zz").last("n")).isEqualTo("%zz");
        assertThat(QueryParameters.parse("n=%").last("n")).isEqualTo("%");
        assertThat(QueryParameters.parse("n=%2").last("n")).isEqualTo("%2");
        assertThat(QueryParameters.parse("n=100%").last("n")).isEqualTo("100%");
        // Not UTF-8: U+FFFD, as errors='replace' gives; only ASCII hex digits make an escape.
        assertThat(QueryParameters.parse("n=%FF").last("n")).isEqualTo("\uFFFD");
        assertThat(QueryParameters.parse("n=%\u0661\u0662").last("n")).isEqualTo("%\u0661\u0662");
        assertThat(QueryParameters.parse("%6Eame=x").last("name")).isEqualTo("x");
    }

    @Test
    void anEmptyOrAbsentQueryHasNoParameters() {
        assertThat(QueryParameters.parse("").names()).isEmpty();
        assertThat(QueryParameters.parse(null).names()).isEmpty();
        assertThat(QueryParameters.parse("&&&").names()).isEmpty();
    }
}

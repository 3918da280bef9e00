package dev.heroes.api;

import dev.heroes.model.Identified;
import dev.heroes.model.PageRequest;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The {@code Link: <...>; rel="next"} header of a full page (RFC 8288): the same request with
 * {@code after_id} set to the page's last id, so clients can walk a list by keyset without building
 * URLs themselves.
 */
public final class NextPageLink {

    /** Parameters replaced by {@code after_id} in the next page's URL. */
    private static final Set<String> POSITION = Set.of("offset", "after_id");

    private NextPageLink() {}

    /** Adds the header when {@code rows}, the answer to {@code page}, fill it. */
    public static void addIfFull(
            ServerRequest request, ServerResponse response, PageRequest page, List<? extends Identified> rows) {
        if (!page.isFull(rows.size())) {
            return;
        }
        long lastId = rows.getLast().id();
        StringBuilder url = new StringBuilder(request.path().path()).append('?');
        QueryParameters query = QueryParameters.of(request);
        for (String name : query.names()) {
            if (!POSITION.contains(name)) {
                url.append(encode(name))
                        .append('=')
                        .append(encode(query.last(name)))
                        .append('&');
            }
        }
        url.append("after_id=").append(lastId);
        response.header(HeaderNames.LINK, "<" + url + ">; rel=\"next\"");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

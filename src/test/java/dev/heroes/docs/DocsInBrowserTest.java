package dev.heroes.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heroes.support.Backend;
import dev.heroes.support.Chromium;
import dev.heroes.support.OpenApiSpec;
import dev.heroes.support.SharedApp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /docs} and {@code /redoc} as a reader meets them: loaded in headless Chromium with every
 * other host unreachable, they must render every operation of the document and ask no other host
 * for anything. Chromium is Debian's {@code chromium} package, which {@code .ci/run} installs; where
 * there is none, the test is skipped and says why.
 */
class DocsInBrowserTest {

    @RegisterExtension
    static final SharedApp APP = new SharedApp(Backend.SQLITE);

    private static Chromium browser;

    @BeforeAll
    static void findBrowser() {
        browser = Chromium.onPathOrSkip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "/redoc"})
    void rendersEveryOperationWithoutAskingAnotherHost(String page, @TempDir Path tmp) throws Exception {
        URI url = APP.client().base().resolve(page);
        Path netLog = tmp.resolve("net-log.json");

        String dom = render(url, tmp.resolve("profile"), netLog);

        for (OpenApiSpec.Operation operation : OpenApiSpec.bundled().operations()) {
            assertThat(dom)
                    .as("%s renders %s %s", page, operation.method(), operation.template())
                    .contains(operation.json().get("operationId").textValue());
        }
        for (String summary : summaries()) {
            assertThat(dom).as("%s shows the operation's summary", page).contains(summary);
        }
        Set<String> otherHosts = new TreeSet<>();
        for (URI requested : requestsOfThePage(netLog, url)) {
            if (!"127.0.0.1".equals(requested.getHost())) {
                otherHosts.add(requested.toString());
            }
        }
        assertThat(otherHosts).as("%s asked another host for these", page).isEmpty();
    }

    /** The page's DOM after its scripts ran, from headless Chromium with only 127.0.0.1 reachable. */
    private static String render(URI url, Path profile, Path netLog) throws IOException, InterruptedException {
        return browser.render(
                url.toString(),
                profile,
                30,
                // every name but 127.0.0.1 fails to resolve, so a load from another host cannot succeed...
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                // ...and the network log records every request that was attempted all the same
                "--log-net-log=" + netLog,
                "--net-log-capture-mode=Default");
    }

    /**
     * The URLs that the page itself asked for: the network log's request starts whose initiator is
     * the page's origin. Chromium's own traffic (updates, sign-in) has none, and is not the page's.
     */
    private static List<URI> requestsOfThePage(Path netLog, URI page) throws IOException {
        String log = Files.readString(netLog, StandardCharsets.UTF_8).strip();
        if (!log.endsWith("}")) {
            log = log.replaceAll(",$", "") + "]}"; // a log cut short ends inside its events array
        }
        JsonNode document = JsonMapper.builder().build().readTree(log);
        int startJob =
                document.at("/constants/logEventTypes/URL_REQUEST_START_JOB").intValue();
        String origin = page.getScheme() + "://" + page.getAuthority();
        List<URI> requested = new ArrayList<>();
        for (JsonNode event : document.get("events")) {
            JsonNode params = event.path("params");
            if (event.path("type").intValue() == startJob
                    && origin.equals(params.path("initiator").textValue())) {
                requested.add(URI.create(params.path("url").textValue()));
            }
        }
        assertThat(requested).as("the network log saw the page's own requests").isNotEmpty();
        return requested;
    }

    private static List<String> summaries() throws IOException {
        JsonNode spec = JsonMapper.builder()
                .build()
                .readTree(APP.client().get("/openapi.json").body());
        List<String> summaries = new ArrayList<>();
        spec.get("paths")
                .forEach(path -> path.forEach(
                        operation -> summaries.add(operation.get("summary").textValue())));
        return summaries;
    }
}

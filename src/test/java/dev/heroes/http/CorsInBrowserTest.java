package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.heroes.config.AppConfig;
import dev.heroes.config.AppConfig.ApiSettings;
import dev.heroes.db.Database;
import dev.heroes.support.Backend;
import dev.heroes.support.Chromium;
import dev.heroes.support.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page on another origin calls the API from headless Chromium, as a browser app would: allowed by
 * {@code CORS_ORIGINS}, its POST and its PATCH with If-Match go through and it reads {@code ETag}
 * and {@code X-Request-Id}; from an origin not listed, the browser refuses it the answers. Skipped,
 * saying so, where there is no Chromium ({@code .ci/run} installs Debian's).
 */
class CorsInBrowserTest {

    private static final String PAGE = """
            <!DOCTYPE html>
            <html><body><div id="out">pending</div>
            <script>
            (async () => {
              const api = "{api}";
              const out = [];
              try {
                const created = await fetch(api + "/heroes/", {method: "POST",
                    headers: {"Content-Type": "application/json", "X-Request-Id": "from-the-page"},
                    body: JSON.stringify({name: "Spider-Boy", secret_name: "Pedro Parqueador"})});
                const hero = await created.json();
                out.push("created " + created.status + " " + created.headers.get("ETag") + " "
                    + created.headers.get("X-Request-Id"));
                const patched = await fetch(api + "/heroes/" + hero.id, {method: "PATCH",
                    headers: {"Content-Type": "application/json", "If-Match": created.headers.get("ETag")},
                    body: JSON.stringify({age: 16})});
                out.push("patched " + patched.status + " " + patched.headers.get("ETag"));
              } catch (e) {
                out.push("refused " + e.name);
              }
              document.getElementById("out").textContent = "[" + out.join(" | ") + "]";
            })();
            </script></body></html>
            """;

    private static Chromium browser;
    private static HttpServer pages;
    private static String pageOrigin;

    @BeforeAll
    static void findBrowserAndServeThePage() throws IOException {
        browser = Chromium.onPathOrSkip();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            String api = exchange.getRequestURI().getQuery().substring("api=".length());
            byte[] body = PAGE.replace("{api}", api).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        pages.start();
        pageOrigin = "http://127.0.0.1:" + pages.getAddress().getPort();
    }

    @AfterAll
    static void stopThePage() {
        if (pages != null) {
            pages.stop(0);
        }
    }

    @Test
    void aPageOnAnAllowedOriginCreatesAndPatchesAndReadsTheHeaders(@TempDir Path tmp) throws Exception {
        String dom = pageAgainstAnApiAllowing(pageOrigin, tmp);
        assertThat(dom).contains("[created 200 \"1\" from-the-page | patched 200 \"2\"]");
    }

    @Test
    void aPageOnAnotherOriginIsRefusedTheAnswers(@TempDir Path tmp) throws Exception {
        String dom = pageAgainstAnApiAllowing("https://app.example.com", tmp);
        assertThat(dom).contains("[refused TypeError]");
    }

    private static String pageAgainstAnApiAllowing(String origin, Path tmp) throws Exception {
        try (Database database = Backend.SQLITE.freshDatabase();
                TestServer api = TestServer.start(
                        database,
                        ApiSettings.DEFAULTS,
                        AppConfig.fromEnvironment(Map.of("CORS_ORIGINS", origin))
                                .security())) {
            return render(pageOrigin + "/?api=http://127.0.0.1:" + api.port(), tmp);
        }
    }

    private static String render(String url, Path tmp) throws IOException, InterruptedException {
        return browser.render(url, tmp.resolve("profile"), 15);
    }
}

package dev.heroes.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heroes.web.Endpoints;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Serves the OpenAPI document, Swagger UI and ReDoc from the artifact itself: FastAPI's
 * {@code /openapi.json}, {@code /docs} and {@code /redoc}, without its CDN, so the docs work
 * offline. As in FastAPI, these routes are left out of the OpenAPI document.
 *
 * <p>The document is {@code openapi.json} at the classpath root, written by hand to match what
 * FastAPI generates for the guide's app (Maven fills in the version). Swagger UI comes from the
 * {@code org.webjars:swagger-ui} dependency; ReDoc is vendored under {@code docs/redoc/}.
 */
public final class ApiDocs {

    static final String OPENAPI_URL = "/openapi.json";
    static final String SWAGGER_UI_URL = "/docs";
    static final String REDOC_URL = "/redoc";

    private static final String SPEC_RESOURCE = "/openapi.json";
    private static final String SWAGGER_UI_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String REDOC_DIR = "/docs/redoc/";

    private static final String SWAGGER_CSS = SWAGGER_UI_URL + "/swagger-ui.css";
    private static final String SWAGGER_JS = SWAGGER_UI_URL + "/swagger-ui-bundle.js";
    private static final String FAVICON = SWAGGER_UI_URL + "/favicon.png";
    private static final String REDOC_JS = REDOC_URL + "/redoc.standalone.js";

    // FastAPI's get_swagger_ui_html, with the assets served by us and the online validator off.
    private static final String SWAGGER_UI_HTML = """
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <link type="text/css" rel="stylesheet" href="%s">
            <link rel="shortcut icon" href="%s">
            <title>{title} - Swagger UI</title>
            </head>
            <body>
            <div id="swagger-ui">
            </div>
            <script src="%s"></script>
            <!-- `SwaggerUIBundle` is now available on the page -->
            <script>
            const ui = SwaggerUIBundle({
                url: '%s',
                "dom_id": "#swagger-ui",
                "layout": "BaseLayout",
                "deepLinking": true,
                "showExtensions": true,
                "showCommonExtensions": true,
                "validatorUrl": null,
                presets: [
                    SwaggerUIBundle.presets.apis,
                    SwaggerUIBundle.SwaggerUIStandalonePreset
                ],
            })
            </script>
            </body>
            </html>
            """.formatted(SWAGGER_CSS, FAVICON, SWAGGER_JS, OPENAPI_URL);

    // FastAPI's get_redoc_html, less its Google Fonts link: ReDoc falls back to local fonts.
    private static final String REDOC_HTML = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>{title} - ReDoc</title>
            <!-- needed for adaptive design -->
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="shortcut icon" href="%s">
            <!--
            ReDoc doesn't change outer page styles
            -->
            <style>
              body {
                margin: 0;
                padding: 0;
              }
            </style>
            </head>
            <body>
            <noscript>
                ReDoc requires Javascript to function. Please enable it to browse the documentation.
            </noscript>
            <redoc spec-url="%s"></redoc>
            <script src="%s"> </script>
            </body>
            </html>
            """.formatted(FAVICON, OPENAPI_URL, REDOC_JS);

    private final byte[] spec;
    private final byte[] swaggerUiPage;
    private final byte[] redocPage;
    private final Map<String, StaticFile> assets;

    /** Reads the document and checks that every file the pages load is on the classpath. */
    public ApiDocs() {
        spec = StaticFile.read(SPEC_RESOURCE);
        String title = escapeHtml(titleOf(spec));
        swaggerUiPage = SWAGGER_UI_HTML.replace("{title}", title).getBytes(UTF_8);
        redocPage = REDOC_HTML.replace("{title}", title).getBytes(UTF_8);
        String swaggerUi = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        // The whole list of files served: a fixed route for each, never a path taken from a request.
        assets = Map.of(
                SWAGGER_CSS, new StaticFile(swaggerUi + "swagger-ui.css", StaticFile.CSS),
                SWAGGER_JS, new StaticFile(swaggerUi + "swagger-ui-bundle.js", StaticFile.JAVASCRIPT),
                FAVICON, new StaticFile(swaggerUi + "favicon-32x32.png", StaticFile.PNG),
                REDOC_JS, new StaticFile(REDOC_DIR + "redoc.standalone.js", StaticFile.JAVASCRIPT));
    }

    public void register(Endpoints endpoints) {
        endpoints.route(Method.GET, OPENAPI_URL, fixed(spec, "application/json"))
                .route(Method.GET, SWAGGER_UI_URL, fixed(swaggerUiPage, StaticFile.HTML))
                .route(Method.GET, REDOC_URL, fixed(redocPage, StaticFile.HTML));
        assets.forEach((route, file) -> endpoints.route(Method.GET, route, file));
    }

    private static Handler fixed(byte[] bytes, String contentType) {
        var header = HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType);
        return (req, res) -> {
            res.header(header);
            res.send(bytes);
        };
    }

    private static String titleOf(byte[] spec) {
        try {
            JsonNode title = JsonMapper.builder().build().readTree(spec).path("info").path("title");
            if (!title.isTextual()) {
                throw new IllegalStateException(SPEC_RESOURCE + " has no info.title");
            }
            return title.textValue();
        } catch (IOException e) {
            throw new UncheckedIOException(SPEC_RESOURCE + " is not JSON", e);
        }
    }

    /** The webjar's own version, so that the pom is the one place that names it. */
    private static String swaggerUiVersion() {
        Properties pom = new Properties();
        try {
            pom.load(new ByteArrayInputStream(StaticFile.read(SWAGGER_UI_POM)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(SWAGGER_UI_POM + " names no version");
        }
        return version;
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

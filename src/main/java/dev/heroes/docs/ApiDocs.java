package dev.heroes.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heroes.api.Endpoints;
import dev.heroes.docs.StaticFile.Freshness;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Serves the OpenAPI document, Swagger UI and ReDoc from the artifact itself: FastAPI's
 * {@code /openapi.json}, {@code /docs} and {@code /redoc}, without its CDN, so the docs work
 * offline. As in FastAPI, these routes are left out of the OpenAPI document.
 *
 * <p>The document is {@code openapi.json} at the classpath root, written by hand to match what
 * FastAPI generates for the guide's app (Maven fills in the version). Swagger UI and ReDoc come from
 * their webjars ({@code org.webjars:swagger-ui}, {@code org.webjars:redoc}), pinned in the pom; their
 * files are served under routes that name their version, so a browser keeps them for a year and an
 * upgrade changes the route. The pages and the document are revalidated on each load (a 304 while
 * unchanged), and the pages' {@code Content-Security-Policy} keeps the browser from loading anything
 * from another host.
 */
public final class ApiDocs {

    static final String OPENAPI_URL = "/openapi.json";
    static final String SWAGGER_UI_URL = "/docs";
    static final String REDOC_URL = "/redoc";

    private static final String SPEC_RESOURCE = "/openapi.json";
    private static final String WEBJARS = "/META-INF/resources/webjars/";

    /**
     * What the pages may load: their own scripts, styles and images from this service (Swagger UI
     * and ReDoc style inline and draw icons from {@code data:} URLs, ReDoc searches in a
     * {@code blob:} worker), and nothing from another host, whatever a bundle names.
     */
    private static final Header CONTENT_SECURITY_POLICY = HeaderValues.create(
            HeaderNames.create("Content-Security-Policy"),
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
                    + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'");

    /**
     * ReDoc's sidebar credit ("API docs by Redocly") loads Redocly's logo from its CDN. Pointed at an
     * empty image, the credit shows without the logo, as it does offline, and the page asks no other
     * host for anything.
     */
    static final String REDOCLY_LOGO_URL = "https://cdn.redoc.ly/redoc/logo-mini.svg";

    // FastAPI's get_swagger_ui_html, with the assets served by us and the online validator off.
    private static final String SWAGGER_UI_HTML = """
            <!DOCTYPE html>
            <html>
            <head>
            <meta charset="utf-8">
            <link type="text/css" rel="stylesheet" href="{css}">
            <link rel="shortcut icon" href="{favicon}">
            <title>{title} - Swagger UI</title>
            </head>
            <body>
            <div id="swagger-ui">
            </div>
            <script src="{js}"></script>
            <!-- `SwaggerUIBundle` is now available on the page -->
            <script>
            const ui = SwaggerUIBundle({
                url: '{spec}',
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
            """;

    // FastAPI's get_redoc_html, less its Google Fonts link: ReDoc falls back to local fonts.
    private static final String REDOC_HTML = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>{title} - ReDoc</title>
            <!-- needed for adaptive design -->
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="shortcut icon" href="{favicon}">
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
            <redoc spec-url="{spec}"></redoc>
            <script src="{js}"> </script>
            </body>
            </html>
            """;

    private final StaticFile spec;
    private final StaticFile swaggerUiPage;
    private final StaticFile redocPage;
    private final Map<String, StaticFile> assets = new LinkedHashMap<>();

    /** The docs of a service without authentication. */
    public ApiDocs() {
        this(DocumentedSecurity.NONE);
    }

    /**
     * Reads the document, with {@code security} declared in it, and checks that every file the pages
     * load is on the classpath.
     */
    public ApiDocs(DocumentedSecurity security) {
        byte[] specBytes = security.apply(StaticFile.read(SPEC_RESOURCE));
        // The pages change only with a release, which rebuilds the document too.
        Instant released = StaticFile.lastModified(SPEC_RESOURCE);
        String title = escapeHtml(titleOf(specBytes));

        String swaggerUi = webjarVersion("swagger-ui");
        String swaggerUiFiles = WEBJARS + "swagger-ui/" + swaggerUi + "/";
        String swaggerUiRoute = SWAGGER_UI_URL + "/swagger-ui/" + swaggerUi + "/";
        String css = asset(swaggerUiRoute + "swagger-ui.css", swaggerUiFiles + "swagger-ui.css", StaticFile.CSS);
        String js = asset(
                swaggerUiRoute + "swagger-ui-bundle.js",
                swaggerUiFiles + "swagger-ui-bundle.js",
                StaticFile.JAVASCRIPT);
        String favicon =
                asset(swaggerUiRoute + "favicon-32x32.png", swaggerUiFiles + "favicon-32x32.png", StaticFile.PNG);
        String redoc = webjarVersion("redoc");
        String redocJs = REDOC_URL + "/" + redoc + "/redoc.standalone.js";
        assets.put(
                redocJs,
                StaticFile.resource(
                        WEBJARS + "redoc/" + redoc + "/redoc.standalone.js",
                        StaticFile.JAVASCRIPT,
                        Freshness.IMMUTABLE,
                        ApiDocs::withoutRemoteLogo));

        spec = StaticFile.bytes(specBytes, released, StaticFile.JSON, Freshness.REVALIDATE);
        swaggerUiPage = page(
                SWAGGER_UI_HTML
                        .replace("{css}", css)
                        .replace("{favicon}", favicon)
                        .replace("{js}", js)
                        .replace("{spec}", OPENAPI_URL)
                        .replace("{title}", title),
                released);
        redocPage = page(
                REDOC_HTML
                        .replace("{favicon}", favicon)
                        .replace("{js}", redocJs)
                        .replace("{spec}", OPENAPI_URL)
                        .replace("{title}", title),
                released);
    }

    public void register(Endpoints endpoints) {
        endpoints
                .route(Method.GET, OPENAPI_URL, spec)
                .route(Method.GET, SWAGGER_UI_URL, withPolicy(swaggerUiPage))
                .route(Method.GET, REDOC_URL, withPolicy(redocPage));
        assets.forEach((route, file) -> endpoints.route(Method.GET, route, file));
    }

    /** Every route served here: the document, the two pages and their files. */
    Set<String> routes() {
        Set<String> routes = new LinkedHashSet<>(Set.of(OPENAPI_URL, SWAGGER_UI_URL, REDOC_URL));
        routes.addAll(assets.keySet());
        return routes;
    }

    /** Adds the file at {@code resource} under {@code route}, whose version makes it immutable. */
    private String asset(String route, String resource, String contentType) {
        assets.put(route, StaticFile.resource(resource, contentType, Freshness.IMMUTABLE, UnaryOperator.identity()));
        return route;
    }

    private static StaticFile page(String html, Instant released) {
        return StaticFile.bytes(html.getBytes(UTF_8), released, StaticFile.HTML, Freshness.REVALIDATE);
    }

    private static Handler withPolicy(StaticFile page) {
        return (req, res) -> {
            res.header(CONTENT_SECURITY_POLICY);
            page.handle(req, res);
        };
    }

    static byte[] withoutRemoteLogo(byte[] bundle) {
        return new String(bundle, UTF_8).replace(REDOCLY_LOGO_URL, "data:,").getBytes(UTF_8);
    }

    private static String titleOf(byte[] spec) {
        try {
            JsonNode title =
                    JsonMapper.builder().build().readTree(spec).path("info").path("title");
            if (!title.isTextual()) {
                throw new IllegalStateException(SPEC_RESOURCE + " has no info.title");
            }
            return title.textValue();
        } catch (IOException e) {
            throw new UncheckedIOException(SPEC_RESOURCE + " is not JSON", e);
        }
    }

    /** A webjar's own version, so that the pom is the one place that names it. */
    private static String webjarVersion(String artifactId) {
        String pomProperties = "/META-INF/maven/org.webjars/" + artifactId + "/pom.properties";
        Properties pom = new Properties();
        try {
            pom.load(new ByteArrayInputStream(StaticFile.read(pomProperties)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = pom.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(pomProperties + " names no version");
        }
        return version;
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

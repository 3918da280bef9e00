package dev.heroes.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heroes.support.OpenApiSpec;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference a user reads ({@code docs/API.md}) says what {@code /openapi.json} says: every
 * route with its operationId and its answers, every schema and every parameter; and the project's
 * documents link only to files that are in the repository.
 */
class ApiReferenceTest {

    private static final Path REFERENCE = Path.of("docs", "API.md");
    private static final Pattern ROUTE_ROW = Pattern.compile(
            "^\\| `([A-Z]+) ([^`]+)` \\| `([a-z_]+)` \\|[^|]*\\|[^|]*\\| ([0-9, ]*) \\|$", Pattern.MULTILINE);
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private final OpenApiSpec spec = OpenApiSpec.bundled();

    @Test
    void namesEveryRouteWithItsOperationIdAndAnswers() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = ROUTE_ROW.matcher(Files.readString(REFERENCE));
        while (row.find()) {
            documented.put(row.group(1) + " " + row.group(2), row.group(3) + " 200, " + row.group(4));
        }

        Map<String, String> served = new TreeMap<>();
        for (OpenApiSpec.Operation operation : spec.operations()) {
            TreeSet<String> statuses = new TreeSet<>();
            operation.json().get("responses").fieldNames().forEachRemaining(statuses::add);
            served.put(
                    operation.method() + " " + operation.template(),
                    operation.json().get("operationId").textValue() + " " + String.join(", ", statuses));
        }
        assertThat(documented)
                .as("the route table of %s against /openapi.json", REFERENCE)
                .isEqualTo(served);
    }

    @Test
    void namesEverySchemaAndParameter() throws IOException {
        String reference = Files.readString(REFERENCE);
        JsonNode document = spec.json();

        document.at("/components/schemas")
                .fieldNames()
                .forEachRemaining(schema ->
                        assertThat(reference).as("schema %s", schema).containsPattern("\\b" + schema + "\\b"));
        for (OpenApiSpec.Operation operation : spec.operations()) {
            for (JsonNode parameter : operation.json().path("parameters")) {
                String name = parameter.get("name").textValue();
                // a path parameter is named in its route, the others in backticks
                String named = "path".equals(parameter.get("in").textValue()) ? "{" + name + "}" : "`" + name + "`";
                assertThat(reference)
                        .as("%s parameter of %s %s", name, operation.method(), operation.template())
                        .contains(named);
            }
        }
    }

    @Test
    void documentsLinkOnlyToFilesInTheRepository() throws IOException {
        // Every document of the repository: the README, docs/, bench/ and deploy/ (the benchmark's
        // recorded results are kept as they were written, and not checked).
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        for (String folder : List.of("docs", "bench", "deploy")) {
            try (Stream<Path> docs = Files.walk(Path.of(folder))) {
                docs.filter(path -> path.toString().endsWith(".md"))
                        .filter(path -> !path.startsWith(Path.of("bench", "results")))
                        .forEach(documents::add);
            }
        }
        assertThat(documents).contains(Path.of("deploy", "cluster", "README.md"), Path.of("docs", "OPERATING.md"));
        Path repository = Path.of("").toAbsolutePath().normalize();
        for (Path document : documents) {
            Matcher link = MARKDOWN_LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("#") || target.toLowerCase(Locale.ROOT).matches("^[a-z]+:.*")) {
                    continue; // an anchor, or a web address
                }
                String file = URLDecoder.decode(target.replaceFirst("#.*$", ""), StandardCharsets.UTF_8);
                Path resolved =
                        document.toAbsolutePath().getParent().resolve(file).normalize();
                assertThat(resolved)
                        .as("%s links to %s", document, target)
                        .startsWith(repository)
                        .exists();
            }
        }
    }
}

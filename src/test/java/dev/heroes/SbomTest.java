package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.sqlite.JDBC;

/**
 * The jar's software bill of materials ({@code META-INF/sbom/application.cdx.json}, CycloneDX,
 * written by the build): it names the application, and every library it runs with at the version
 * actually on the class path, with a hash, and none of the tests' libraries.
 */
class SbomTest {

    @Test
    void listsWhatTheServiceRunsWithAtTheVersionsItRunsWith() throws IOException, URISyntaxException {
        JsonNode bom;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/sbom/application.cdx.json")) {
            assertThat(in).as("the SBOM in the jar's resources").isNotNull();
            bom = new ObjectMapper().readTree(in);
        }
        assertThat(bom.get("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.at("/metadata/component/name").asText()).isEqualTo("heroes");
        Map<String, JsonNode> components = new HashMap<>();
        bom.get("components")
                .forEach(c -> components.put(
                        c.get("group").asText() + ":" + c.get("name").asText(), c));

        for (Class<?> used :
                List.of(WebServer.class, DSLContext.class, HikariDataSource.class, Driver.class, JDBC.class)) {
            Path jar = Path.of(
                    used.getProtectionDomain().getCodeSource().getLocation().toURI());
            // ~/.m2/repository/<group path>/<artifact>/<version>/<artifact>-<version>.jar
            String version = jar.getParent().getFileName().toString();
            String artifact = jar.getParent().getParent().getFileName().toString();
            JsonNode component = components.values().stream()
                    .filter(c -> c.get("name").asText().equals(artifact))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(artifact + " is not in the SBOM"));
            assertThat(component.get("version").asText()).as(artifact).isEqualTo(version);
            assertThat(component.get("purl").asText())
                    .as(artifact)
                    .startsWith("pkg:maven/")
                    .contains("@" + version);
            assertThat(component.get("hashes").toString()).as(artifact).contains("SHA-256");
        }
        assertThat(components.keySet())
                .as("the tests' libraries")
                .noneMatch(name -> name.startsWith("org.junit")
                        || name.startsWith("org.assertj")
                        || name.startsWith("io.zonky")
                        || name.startsWith("net.jqwik")
                        || name.startsWith("com.tngtech.archunit"));
    }
}

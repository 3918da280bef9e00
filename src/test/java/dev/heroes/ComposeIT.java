package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.Podman;
import dev.heroes.support.RuntimeImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compose.yml} as a user starts it, with Debian 12's podman-compose (1.0.3): PostgreSQL,
 * the one-shot {@code heroes migrate}, then the service; it answers, a POST lands in PostgreSQL,
 * and {@code down -v} leaves nothing behind. With no registry here, the images are made locally:
 * the service's from {@code deploy/container/Containerfile}, PostgreSQL's from
 * {@code deploy/container/postgres.Containerfile} (Debian's postgresql-15 with the official image's
 * variables), both passed as the file's {@code HEROES_IMAGE} and {@code POSTGRES_IMAGE}.
 *
 * <p>podman-compose 1.0.3 reads {@code depends_on} only for the order in which it starts the
 * containers, one a second, without waiting for a health check or an exit (Docker Compose waits).
 * What makes the order safe there is checked instead: the migration container ran to exit 0, the
 * schema history holds each migration once and successfully (the service migrates too before it
 * listens, under Flyway's lock, so it never serves a schema behind its code), and the service
 * answered; and a migration started while PostgreSQL is stopped fails, is started again
 * ({@code restart: on-failure}) and ends with exit 0 once PostgreSQL is back. The test prints when
 * each container started and how often it was restarted.
 */
class ComposeIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    @Test
    void postgresThenMigrateThenTheServiceWhichWritesToPostgres(@TempDir Path tmp) throws Exception {
        Podman podman = Podman.orSkip(tmp, "podman-compose");
        String base = podman.baseImage(tmp);
        String project = "heroes-it-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String image = "localhost/" + project + ":test";
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("HEROES_IMAGE", image);
        environment.put("POSTGRES_IMAGE", podman.postgresImage(base));
        environment.put("POSTGRES_PASSWORD", "pw-" + project);
        environment.put("HEROES_PORT", Integer.toString(port));
        environment.put("HEROES_MANAGEMENT_PORT", Integer.toString(managementPort));
        try {
            podman.buildHeroes(image, base, RuntimeImage.tarball());
            long started = System.nanoTime();
            Podman.Result up = compose(podman, environment, project, "up", "-d");
            assertThat(up.exitCode()).as(up.output() + up.errors()).isZero();

            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> first = firstAnswer(http, port, podman, project);
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                System.out.printf("compose: first answer %d ms after podman-compose up%n", millis);
                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.body()).isEqualTo("[]");

                RuntimeImage.createsAHeroAndIsReady(http, port, managementPort);
            }

            String postgres = container(podman, project, "postgres");
            String migrate = container(podman, project, "migrate");
            String heroes = container(podman, project, "heroes");
            assertThat(psql(podman, postgres, "SELECT name, secret_name FROM hero"))
                    .as("the row, in PostgreSQL")
                    .isEqualTo("Deadpond|Dive Wilson");

            // The order, as far as podman-compose 1.0.3 keeps it (see the class comment).
            assertThat(podman.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", migrate))
                    .as("heroes migrate ran to its end")
                    .isEqualTo("exited 0");
            long migrations;
            try (Stream<Path> scripts = Files.list(Path.of("src/main/resources/db/migration/postgresql"))) {
                migrations = scripts.filter(
                                script -> script.getFileName().toString().matches("V\\d+__.*\\.sql"))
                        .count();
            }
            assertThat(psql(
                            podman,
                            postgres,
                            "SELECT count(*), count(DISTINCT version), bool_and(success) FROM flyway_schema_history"))
                    .as("each migration applied once, by whichever of migrate and serve took Flyway's lock first")
                    .isEqualTo(migrations + "|" + migrations + "|t");
            podman.ok("healthcheck", "run", postgres);
            podman.ok("healthcheck", "run", heroes);
            for (String container : List.of(postgres, migrate, heroes)) {
                System.out.printf(
                        "compose: %s%n",
                        podman.ok(
                                "inspect",
                                "--format",
                                "{{.Name}} started {{.State.StartedAt}}, finished {{.State.FinishedAt}},"
                                        + " restarted {{.RestartCount}} time(s)",
                                container));
            }

            // What podman-compose 1.0.3 may do at any start: migrate before PostgreSQL answers. It
            // fails, is started again (restart: on-failure), and succeeds once PostgreSQL is back.
            podman.ok("stop", "-t", "10", postgres);
            // the image's health check is the service's readiness: DOWN without its database
            Podman.Result unhealthy = podman.run(Duration.ofMinutes(1), "healthcheck", "run", heroes);
            assertThat(unhealthy.exitCode())
                    .as(unhealthy.output() + unhealthy.errors())
                    .isNotZero();
            assertThat(unhealthy.output()).contains("unhealthy");
            podman.ok("start", migrate);
            awaitState(podman, migrate, "{{gt .RestartCount 0}}", "true");
            podman.ok("start", postgres);
            awaitState(podman, migrate, "{{.State.Status}} {{.State.ExitCode}}", "exited 0");
            System.out.printf(
                    "compose: migrate started before PostgreSQL: exit 0 after %s restart(s)%n",
                    podman.ok("inspect", "--format", "{{.RestartCount}}", migrate));

            Podman.Result down = compose(podman, environment, project, "down", "-v");
            assertThat(down.exitCode()).as(down.output() + down.errors()).isZero();
            assertThat(podman.ok("ps", "-a", "-q", "--filter", "label=io.podman.compose.project=" + project))
                    .isEmpty();
            assertThat(podman.ok("volume", "ls", "-q", "--filter", "label=io.podman.compose.project=" + project))
                    .as("down -v removed the database's volume")
                    .isEmpty();
        } finally {
            compose(podman, environment, project, "down", "-v");
            String left = podman.run(
                            Duration.ofMinutes(1),
                            "ps",
                            "-a",
                            "-q",
                            "--filter",
                            "label=io.podman.compose.project=" + project)
                    .output();
            for (String container : left.lines().toList()) {
                podman.run(Duration.ofMinutes(1), "rm", "-f", "-v", "-t", "0", container);
            }
            // podman-compose 1.0.3's down leaves the project's network
            podman.run(Duration.ofMinutes(1), "network", "rm", "-f", project + "_default");
            podman.run(Duration.ofMinutes(1), "rmi", "-f", image);
        }
    }

    private static Podman.Result compose(
            Podman podman, Map<String, String> environment, String project, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman-compose", "-p", project, "-f", "compose.yml"));
        command.addAll(List.of(arguments));
        return podman.exec(command, Path.of(""), environment, Duration.ofMinutes(5));
    }

    private static String container(Podman podman, String project, String service)
            throws IOException, InterruptedException {
        String name = podman.ok(
                "ps",
                "-a",
                "--format",
                "{{.Names}}",
                "--filter",
                "label=com.docker.compose.project=" + project,
                "--filter",
                "label=com.docker.compose.service=" + service);
        assertThat(name.lines()).as("the container of %s", service).hasSize(1);
        return name;
    }

    private static void awaitState(Podman podman, String container, String format, String expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        String state = podman.ok("inspect", "--format", format, container);
        while (!state.equals(expected)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(container + " is '" + state + "' after " + START_LIMIT + ", not '" + expected
                        + "':\n"
                        + podman.run(Duration.ofMinutes(1), "logs", container).output());
            }
            Thread.sleep(250);
            state = podman.ok("inspect", "--format", format, container);
        }
    }

    private static String psql(Podman podman, String container, String query) throws IOException, InterruptedException {
        return podman.ok("exec", container, "psql", "-U", "heroes", "-d", "heroes", "-tAc", query);
    }

    /** The stack's first answer; its services' logs if none comes. */
    private static HttpResponse<String> firstAnswer(HttpClient http, int port, Podman podman, String project)
            throws IOException, InterruptedException {
        return RuntimeImage.firstAnswer(http, port, START_LIMIT, new RuntimeImage.Starting() {
            @Override
            public boolean gone() {
                // restart: policies bring a failed service back; the limit alone ends the wait
                return false;
            }

            @Override
            public String log() throws IOException, InterruptedException {
                StringBuilder logs = new StringBuilder();
                for (String service : List.of("postgres", "migrate", "heroes")) {
                    Podman.Result log = podman.run(Duration.ofMinutes(1), "logs", project + "_" + service + "_1");
                    logs.append("--- ")
                            .append(service)
                            .append('\n')
                            .append(log.output())
                            .append(log.errors());
                }
                return logs.toString();
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

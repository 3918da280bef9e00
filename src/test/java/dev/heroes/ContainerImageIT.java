package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.support.Podman;
import dev.heroes.support.RuntimeImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as a user meets it ({@code ./mvnw -Pjlink-image verify}, with podman):
 * {@code deploy/container/Containerfile} built from the runtime image's tarball on a local base
 * (no registry needed), run with a read-only root file system, the SQLite file on a volume and the
 * ports published on loopback: it refuses to serve on all addresses without authentication, serves
 * with {@code AUTH=none}, answers, is ready and healthy (its HEALTHCHECK), runs as its own user,
 * stops on SIGTERM with exit 0, and a new container on the same volume finds the data.
 */
class ContainerImageIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    @Test
    void builtFromTheRuntimeImageItServesReadOnlyAsItsOwnUserAndStopsOnSigterm(@TempDir Path tmp) throws Exception {
        Podman podman = Podman.orSkip(tmp);
        String base = podman.baseImage(tmp);
        String unique = "heroes-it-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String image = "localhost/" + unique + ":test";
        String volume = unique + "-data";
        String first = unique + "-first";
        String second = unique + "-second";
        try {
            podman.buildHeroes(image, base, RuntimeImage.tarball());
            assertThat(podman.ok(
                            "image",
                            "inspect",
                            "--format",
                            "{{range $port, $v := .Config.ExposedPorts}}{{$port}} {{end}}| {{.Config.StopSignal}}"
                                    + " | {{.Config.User}} | {{.Config.Entrypoint}} {{.Config.Cmd}}",
                            image))
                    .isEqualTo("8000/tcp 8001/tcp | SIGTERM | 10001:10001 | [/opt/heroes/bin/heroes] [serve]");
            podman.ok("volume", "create", volume);

            // Protected mode: on all addresses and no authentication configured, it refuses to start.
            Podman.Result refused = podman.run(
                    Duration.ofMinutes(1), "run", "--rm", "--read-only", "-v", volume + ":/var/lib/heroes", image);
            assertThat(refused.exitCode())
                    .as(refused.output() + refused.errors())
                    .isEqualTo(2);
            assertThat(refused.output() + refused.errors())
                    .contains("HOST=0.0.0.0 is reachable from other machines and no authentication is configured");

            int port = freePort();
            int managementPort = freePort();
            long started = System.nanoTime();
            podman.ok(run(first, volume, port, managementPort, image).toArray(String[]::new));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> answer = firstAnswer(podman, http, port, first);
                long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                System.out.printf("container: first answer %d ms after podman run (%s)%n", millis, image);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("[]");

                RuntimeImage.createsAHeroAndIsReady(http, port, managementPort);
            }

            // The image's HEALTHCHECK (bash's /dev/tcp to the management listener's readiness): podman
            // 4.3 runs it by systemd timers, absent here, so it is run once by hand.
            podman.ok("healthcheck", "run", first);
            assertThat(podman.ok("inspect", "--format", "{{.State.Health.Status}}", first))
                    .isEqualTo("healthy");

            // Its own numeric user, on a read-only root: the program's files cannot be changed.
            assertThat(podman.ok("inspect", "--format", "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}", first))
                    .isEqualTo("10001:10001 true");
            Podman.Result inside = podman.run(
                    Duration.ofMinutes(1),
                    "exec",
                    first,
                    "bash",
                    "-c",
                    "id -u; touch /opt/heroes/app/x || echo refused");
            assertThat(inside.output()).isEqualTo("10001\nrefused\n");

            stopped(podman, first);
            Podman.Result logs = podman.run(Duration.ofMinutes(1), "logs", first);
            String log = logs.output() + logs.errors();
            assertThat(log).contains("SIGTERM received", "Stopped");
            assertThat(log)
                    .as("no warning from the JVM: the AOT cache works where ADD unpacked it")
                    .doesNotContain("[warning]", "[error]", "WARNING:");

            // A new container on the same volume: the data survived.
            podman.ok(run(second, volume, port, managementPort, image).toArray(String[]::new));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> again = firstAnswer(podman, http, port, second);
                assertThat(again.body()).isEqualTo("""
                        [{"name":"Deadpond","age":null,"team_id":null,"id":1}]""");
            }
            stopped(podman, second);
        } finally {
            for (String container : List.of(first, second)) {
                podman.run(Duration.ofMinutes(2), "rm", "-f", "-t", "0", container);
            }
            podman.run(Duration.ofMinutes(1), "volume", "rm", "-f", volume);
            podman.run(Duration.ofMinutes(1), "rmi", "-f", image);
        }
    }

    private static List<String> run(String name, String volume, int port, int managementPort, String image) {
        return List.of(
                "run",
                "-d",
                "--name",
                name,
                "--read-only",
                "-v",
                volume + ":/var/lib/heroes",
                "-p",
                "127.0.0.1:" + port + ":8000",
                "-p",
                "127.0.0.1:" + managementPort + ":8001",
                "-e",
                "AUTH=none",
                image);
    }

    /** {@code podman stop}: SIGTERM (the image's STOPSIGNAL), and the exit status must be 0. */
    private static void stopped(Podman podman, String container) throws IOException, InterruptedException {
        long started = System.nanoTime();
        podman.ok("stop", "-t", "30", container);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(podman.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container))
                .as("%s after podman stop (%d ms)", container, millis)
                .isEqualTo("exited 0");
    }

    /** The container's first answer; its log if none comes or it stops. */
    private static HttpResponse<String> firstAnswer(Podman podman, HttpClient http, int port, String container)
            throws IOException, InterruptedException {
        return RuntimeImage.firstAnswer(http, port, START_LIMIT, new RuntimeImage.Starting() {
            @Override
            public boolean gone() throws IOException, InterruptedException {
                return !"running".equals(podman.ok("inspect", "--format", "{{.State.Status}}", container));
            }

            @Override
            public String log() throws IOException, InterruptedException {
                return container + ":\n"
                        + podman.run(Duration.ofMinutes(1), "logs", container).output();
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

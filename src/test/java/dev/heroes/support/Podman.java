package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The distribution's podman (Debian 12: podman 4.3), as the container tests run it: as the user
 * running the tests, with a {@code containers.conf} of their own ({@code CONTAINERS_CONF}) that
 * names runc as the runtime (crun refuses hybrid cgroups) and explicit ulimits (podman's defaults
 * are refused on such machines). {@code .ci/run} installs podman, podman-compose, mmdebstrap and
 * runc; where one is missing, a test using it is skipped and says so.
 *
 * <p>No registry need be reachable: the base image is made from the apt sources
 * ({@code mmdebstrap --variant=minbase bookworm}, then {@code podman import}) once, and kept under
 * {@link #BASE_TAG} for the next run; {@code -Dheroes.container.base=docker.io/library/debian:bookworm-slim}
 * uses a registry's instead.
 */
public final class Podman {

    /** The local base image, kept between runs (delete it with {@code podman rmi} to remake it). */
    public static final String BASE_TAG = "localhost/heroes-base:bookworm-minbase";

    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(10);

    private final Path containersConf;

    private Podman(Path containersConf) {
        this.containersConf = containersConf;
    }

    /**
     * Podman, configured under {@code dir}; the calling test is skipped, saying why, when podman or
     * runc is missing or podman cannot run here.
     */
    public static Podman orSkip(Path dir, String... alsoNeeded) throws IOException, InterruptedException {
        List<String> needed = new ArrayList<>(List.of("podman", "runc"));
        needed.addAll(List.of(alsoNeeded));
        List<String> missing =
                needed.stream().filter(name -> onPath(name).isEmpty()).toList();
        Assumptions.assumeTrue(
                missing.isEmpty(),
                () -> "skipped: " + String.join(", ", missing) + " not on PATH; `apt-get install podman"
                        + " podman-compose mmdebstrap runc` gives them (.ci/run does)");
        Path conf = dir.resolve("containers.conf");
        Files.writeString(conf, """
                [engine]
                runtime = "runc"

                [containers]
                default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
                """);
        Podman podman = new Podman(conf);
        Result info = podman.run(Duration.ofMinutes(1), "info", "--format", "{{.Host.OCIRuntime.Name}}");
        Assumptions.assumeTrue(info.exitCode() == 0, () -> "skipped: podman does not run here: " + info.output());
        return podman;
    }

    /** The environment podman and podman-compose need: {@code CONTAINERS_CONF}. */
    public Map<String, String> environment() {
        return Map.of("CONTAINERS_CONF", containersConf.toString());
    }

    /** {@code podman <arguments>}. */
    public Result run(Duration limit, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(arguments));
        return exec(command, Path.of(""), Map.of(), limit);
    }

    /** {@code podman <arguments>}, which must exit 0; its standard output, trimmed. */
    public String ok(String... arguments) throws IOException, InterruptedException {
        Result result = run(COMMAND_LIMIT, arguments);
        assertThat(result.exitCode())
                .as("podman %s:%n%s%s", String.join(" ", arguments), result.output(), result.errors())
                .isZero();
        return result.output().strip();
    }

    /** A command with podman's environment, {@code extra} added, in {@code directory}. */
    public Result exec(List<String> command, Path directory, Map<String, String> extra, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile());
        builder.environment().putAll(environment());
        builder.environment().putAll(extra);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + limit + ":\n" + output);
        }
        return new Result(process.exitValue(), output, errors.join());
    }

    /**
     * The base image: {@code -Dheroes.container.base} when set, else {@link #BASE_TAG}, made from
     * the apt sources the first time (mmdebstrap, about a minute) and reused after.
     */
    public String baseImage(Path scratch) throws IOException, InterruptedException {
        String configured = System.getProperty("heroes.container.base", "");
        if (!configured.isBlank()) {
            return configured;
        }
        if (run(Duration.ofMinutes(1), "image", "exists", BASE_TAG).exitCode() == 0) {
            return BASE_TAG;
        }
        Assumptions.assumeTrue(
                onPath("mmdebstrap").isPresent(),
                () -> "skipped: no base image " + BASE_TAG + " and no mmdebstrap to make one (apt-get install"
                        + " mmdebstrap, or -Dheroes.container.base=<an image from a registry>)");
        Path rootfs = scratch.resolve("rootfs.tar");
        long started = System.nanoTime();
        Result made = exec(
                List.of("mmdebstrap", "--variant=minbase", "--quiet", "bookworm", rootfs.toString()),
                scratch,
                Map.of(),
                COMMAND_LIMIT);
        assertThat(made.exitCode())
                .as("mmdebstrap:%n%s%s", made.output(), made.errors())
                .isZero();
        ok("import", "--change", "CMD [\"/bin/bash\"]", rootfs.toString(), BASE_TAG);
        Files.delete(rootfs);
        System.out.printf(
                "container: made the base image %s in %d s (mmdebstrap + podman import)%n",
                BASE_TAG, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        return BASE_TAG;
    }

    /**
     * {@code deploy/container/Containerfile} built from the runtime image's tarball into
     * {@code tag}, in Docker's format (the OCI format has no HEALTHCHECK: podman would drop it).
     */
    public void buildHeroes(String tag, String base, Path tarball) throws IOException, InterruptedException {
        Path repository = Path.of("").toAbsolutePath();
        String context = repository.relativize(tarball.toAbsolutePath()).toString();
        long started = System.nanoTime();
        build(tag, Path.of("deploy/container/Containerfile"), repository, "BASE=" + base, "TARBALL=" + context);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        long bytes = Long.parseLong(ok("image", "inspect", "--format", "{{.Size}}", tag));
        long baseBytes = Long.parseLong(ok("image", "inspect", "--format", "{{.Size}}", base));
        System.out.printf(
                "container: built %s in %d ms: %d MB (%d MB over the base %s)%n",
                tag, millis, bytes / 1_000_000, (bytes - baseBytes) / 1_000_000, base);
    }

    /**
     * {@code deploy/container/postgres.Containerfile} built on {@code base}, tagged by a hash of
     * its files and the base, and kept for the next run like the base (it installs Debian's
     * postgresql-15 from the apt sources, about 20 s).
     */
    public String postgresImage(String base) throws IOException, InterruptedException {
        Path folder = Path.of("deploy", "container");
        String tag = "localhost/heroes-postgres:15-"
                + hash(base, folder.resolve("postgres.Containerfile"), folder.resolve("postgres-entrypoint.sh"));
        if (run(Duration.ofMinutes(1), "image", "exists", tag).exitCode() != 0) {
            long started = System.nanoTime();
            build(tag, folder.resolve("postgres.Containerfile"), folder, "BASE=" + base);
            System.out.printf(
                    "container: built %s in %d s%n",
                    tag, Duration.ofNanos(System.nanoTime() - started).toSeconds());
        }
        return tag;
    }

    /**
     * {@code podman build} of {@code containerfile} in {@code context} into {@code tag}, in Docker's
     * format (the OCI format has no HEALTHCHECK: podman would drop it).
     */
    private void build(String tag, Path containerfile, Path context, String... buildArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("build", "--format", "docker"));
        for (String buildArg : buildArgs) {
            command.add("--build-arg");
            command.add(buildArg);
        }
        command.addAll(List.of(
                "-f",
                containerfile.toAbsolutePath().toString(),
                "-t",
                tag,
                context.toAbsolutePath().toString()));
        ok(command.toArray(String[]::new));
    }

    /** What a command printed, and how it ended. */
    public record Result(int exitCode, String output, String errors) {}

    private static String hash(String text, Path... files) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A program on PATH, or in the sbin folders that a user's PATH may lack (runc is in /usr/sbin). */
    public static Optional<Path> onPath(String name) {
        List<String> folders =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        folders.addAll(List.of("/usr/sbin", "/sbin"));
        return folders.stream()
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}

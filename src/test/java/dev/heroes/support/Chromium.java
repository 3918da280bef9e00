package dev.heroes.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, as the browser tests run it: Debian's {@code chromium} package, which
 * {@code .ci/run} installs. Where there is none, a test using it is skipped and says so.
 */
public final class Chromium {

    private static final List<String> NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final String executable;

    private Chromium(String executable) {
        this.executable = executable;
    }

    /** The browser on PATH; the calling test is skipped, saying why, when there is none. */
    public static Chromium onPathOrSkip() {
        Optional<String> found = NAMES.stream().flatMap(Chromium::onPath).findFirst();
        Assumptions.assumeTrue(
                found.isPresent(),
                () -> "skipped: no Chromium on PATH (" + String.join(", ", NAMES)
                        + "); `apt-get install chromium` gives one");
        return new Chromium(found.get());
    }

    /**
     * The page's DOM after its scripts ran (up to {@code virtualSeconds} of the page's time), with a
     * profile of its own under {@code profile}, and {@code flags} added to the usual headless ones.
     */
    public String render(String url, Path profile, int virtualSeconds, String... flags)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(flags));
        command.add("--virtual-time-budget=" + virtualSeconds * 1000);
        command.add("--dump-dom");
        command.add(url);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] dom = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish rendering " + url + " within 120 s");
        }
        assertThat(process.exitValue()).as("Chromium's exit code for %s", url).isZero();
        return new String(dom, StandardCharsets.UTF_8);
    }

    private static Stream<String> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst()
                .stream();
    }
}

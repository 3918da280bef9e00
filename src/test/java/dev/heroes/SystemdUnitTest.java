package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heroes.config.AppConfig.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/systemd/heroes.service} as systemd reads it: {@code systemd-analyze verify} finds
 * no error and no warning (an unknown or misspelt key is only a warning there, so any output
 * fails), and it runs the image's launcher as a user of its own with its state directory.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("deploy/systemd/heroes.service");
    private static final String LAUNCHER = "/opt/heroes/bin/heroes";

    @Test
    void systemdFindsNothingToSayAboutTheUnit(@TempDir Path dir) throws IOException, InterruptedException {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(
                Files.isExecutable(analyze), "systemd-analyze is not installed here: the unit is not verified");
        // The runtime image is not unpacked in /opt while the tests run: a stand-in launcher takes
        // its place, so that verify checks the rest and that the command exists.
        Path launcher = dir.resolve("heroes");
        Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = dir.resolve("heroes.service");
        String text = Files.readString(UNIT);
        assertThat(text).contains("ExecStart=" + LAUNCHER + "\n");
        Files.writeString(unit, text.replace("ExecStart=" + LAUNCHER, "ExecStart=" + launcher));

        Process verify = new ProcessBuilder(analyze.toString(), "verify", unit.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(said).as("systemd-analyze verify's output").isEmpty();
        assertThat(verify.exitValue()).isZero();
    }

    @Test
    void runsAsAUserOfItsOwnWithItsStateDirectoryAndDrainsBeforeItIsKilled() throws IOException {
        List<String> lines = Files.readAllLines(UNIT);

        assertThat(lines)
                .contains(
                        "DynamicUser=yes",
                        "StateDirectory=heroes",
                        "Environment=DATABASE_URL=sqlite:////var/lib/heroes/heroes.db",
                        "NoNewPrivileges=yes",
                        "ProtectSystem=strict");
        Duration stop = lines.stream()
                .filter(line -> line.startsWith("TimeoutStopSec="))
                .map(line -> Duration.ofSeconds(Long.parseLong(line.substring("TimeoutStopSec=".length()))))
                .findFirst()
                .orElseThrow();
        assertThat(stop).as("longer than SHUTDOWN_GRACE").isGreaterThan(ServerSettings.DEFAULT_SHUTDOWN_GRACE);
    }
}

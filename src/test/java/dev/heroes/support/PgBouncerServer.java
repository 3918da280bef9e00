package dev.heroes.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's PgBouncer (1.18) in transaction mode in front of {@link EmbeddedPostgresServer}, for the
 * whole test run: every database there is reachable through it under the same name. Started from
 * {@code /usr/sbin/pgbouncer} ({@code apt-get install pgbouncer}; CI installs it); where it is
 * missing, the tests through it are skipped, and say why.
 */
public final class PgBouncerServer {

    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    private static final class Holder {
        static final PgBouncerServer INSTANCE = new PgBouncerServer();
    }

    private final int port;
    private final Process process;
    private final Path log;

    private PgBouncerServer() {
        try {
            Path dir = Files.createTempDirectory("heroes-pgbouncer");
            // PgBouncer refuses to run as root: it runs as nobody, who must write its log here.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            log = dir.resolve("pgbouncer.log");
            Path users = dir.resolve("userlist.txt");
            Files.writeString(users, "\"postgres\" \"postgres\"\n");
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(
                    ini, """
                    [databases]
                    * = host=127.0.0.1 port=%d

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = trust
                    auth_file = %s
                    pool_mode = transaction
                    max_client_conn = 2000
                    default_pool_size = 20
                    max_db_connections = 40
                    ignore_startup_parameters = extra_float_digits
                    server_reset_query =
                    logfile = %s
                    """.formatted(EmbeddedPostgresServer.instance().port(), port, users, log));
            for (Path file : List.of(users, ini)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            List<String> command = new ArrayList<>(List.of(BINARY.toString()));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(ini.toString());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pgbouncer.out").toFile())
                    .start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PgBouncer", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    }

    /** Whether PgBouncer is installed here. */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static PgBouncerServer instance() {
        return Holder.INSTANCE;
    }

    public int port() {
        return port;
    }

    /** The URL of {@code directUrl}'s database, through PgBouncer. */
    public String through(String directUrl) {
        return directUrl.replace(":" + EmbeddedPostgresServer.instance().port() + "/", ":" + port + "/");
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("PgBouncer exited: " + Files.readString(log.resolveSibling("pgbouncer.out"))
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while PgBouncer started", e);
                }
            }
        }
        throw new IOException("PgBouncer did not listen on " + port + " within 10 s");
    }
}

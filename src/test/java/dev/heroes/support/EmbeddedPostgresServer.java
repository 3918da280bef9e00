package dev.heroes.support;

import dev.heroes.config.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test run, started in-process from Maven Central's binaries
 * (nothing to install); each test gets a database of its own on it.
 */
public final class EmbeddedPostgresServer {

    private static final class Holder {
        static final EmbeddedPostgresServer INSTANCE = new EmbeddedPostgresServer();
    }

    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private EmbeddedPostgresServer() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is going away; its temp directory is removed by the library
            }
        }));
    }

    public static EmbeddedPostgresServer instance() {
        return Holder.INSTANCE;
    }

    /** Creates an empty database and returns its URL, with credentials, as DATABASE_URL would give it. */
    public DatabaseUrl freshDatabase() {
        return DatabaseUrl.parse(freshDatabaseUrl(), Optional.empty(), Optional.empty());
    }

    /** Creates an empty database and returns the DATABASE_URL that names it, credentials included. */
    public String freshDatabaseUrl() {
        String name = "heroes_test_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/" + name;
    }

    public int port() {
        return postgres.getPort();
    }
}

package dev.heroes.support;

import dev.heroes.db.Database;
import java.net.URI;

/**
 * The service on a fresh database of its own, on a free port: what each test talks to. The
 * database is handed in from outside, as the guide's {@code dependency_overrides} does. Its client
 * checks every response against the OpenAPI document ({@link OpenApiCheck}).
 */
public final class TestApp implements AutoCloseable {

    private final Database database;
    private final TestServer app;
    private final ApiClient client;

    private TestApp(Database database) {
        this.database = database;
        this.app = TestServer.start(database);
        this.client = new ApiClient(URI.create("http://127.0.0.1:" + app.port())).alsoCheck(OpenApiCheck.bundled());
    }

    public static TestApp start(Backend backend, StatementObserver... observers) {
        return new TestApp(backend.freshDatabase(observers));
    }

    public ApiClient client() {
        return client;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        app.close();
        database.close();
    }
}

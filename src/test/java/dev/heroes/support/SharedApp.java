package dev.heroes.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One service for a whole test class, for tests whose answers do not depend on the database's
 * contents: {@code @RegisterExtension static final SharedApp APP = new SharedApp(Backend.SQLITE);}.
 */
public final class SharedApp implements BeforeAllCallback, AfterAllCallback {

    private final Backend backend;
    private TestApp app;

    public SharedApp(Backend backend) {
        this.backend = backend;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        app = TestApp.start(backend);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        app.close();
    }

    public ApiClient client() {
        return app.client();
    }
}

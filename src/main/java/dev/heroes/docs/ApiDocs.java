package dev.heroes.docs;

import dev.heroes.web.Endpoints;

/** Serves the OpenAPI document, Swagger UI and ReDoc from the artifact itself. */
public final class ApiDocs {

    public void register(Endpoints endpoints) {
        // Filled in by the documentation slice.
    }
}

/**
 * The API's documents: {@code /openapi.json}, Swagger UI and ReDoc from their webjars, served with
 * caching validators ({@code StaticFile}).
 *
 * <p>May import: {@code api}. Never: {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.docs;

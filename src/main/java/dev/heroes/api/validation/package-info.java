/**
 * A request read as pydantic 2 and FastAPI read it: a valid value, or every error at once in the
 * contract's 422 body ({@code Validation}, {@code ValidationError},
 * {@code RequestValidationException}); the body as FastAPI sees it before validation
 * ({@code RequestBody}), its fields ({@code BodyFields}, {@code LaxInteger}), and the boundary record
 * read from it ({@code Incoming}).
 *
 * <p>May import: {@code api}, {@code model}, {@code json}. Never: {@code org.jooq}, {@code java.sql}.
 */
package dev.heroes.api.validation;

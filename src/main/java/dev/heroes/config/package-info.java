/**
 * The environment, read and checked once at start-up ({@code AppConfig}, {@code DatabaseUrl}): a
 * malformed value stops start-up with one line, and a password is never printed.
 * {@code AppConfig.VARIABLES} is what {@code --help} lists.
 *
 * <p>May import: nothing of the service. Never: {@code io.helidon.webserver}, {@code org.jooq}.
 */
package dev.heroes.config;

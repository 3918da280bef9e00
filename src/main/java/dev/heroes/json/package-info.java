/**
 * JSON apart from HTTP: the mapper's settings and limits ({@code JsonSettings}), and
 * {@code JsonFields}, through which the response records write their own fields in the contract's
 * order, without reflection.
 *
 * <p>May import: nothing of the service. Never: {@code io.helidon}, {@code org.jooq}.
 */
package dev.heroes.json;

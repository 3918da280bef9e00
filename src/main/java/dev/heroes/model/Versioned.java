package dev.heroes.model;

/**
 * A row as read or written, with its version: what its {@code ETag} is made of. A write that
 * succeeded is this outcome.
 */
public record Versioned<T>(T value, long version) implements WriteOutcome<T> {}

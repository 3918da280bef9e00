package dev.heroes.team;

/** A team as clients see it. */
public record TeamPublic(String name, long id) {
}

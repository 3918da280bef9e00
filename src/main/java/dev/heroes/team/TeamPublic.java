package dev.heroes.team;

import dev.heroes.web.Identified;
/** A team as clients see it. */
public record TeamPublic(String name, long id) implements Identified {
}

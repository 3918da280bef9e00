package dev.heroes.team;

import dev.heroes.hero.HeroPublic;
import dev.heroes.web.Identified;
import java.util.List;

/** A team with its heroes, ordered by id; the heroes do not nest their team again. */
public record TeamPublicWithHeroes(String name, long id, List<HeroPublic> heroes) implements Identified {
}

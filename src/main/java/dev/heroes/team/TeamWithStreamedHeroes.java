package dev.heroes.team;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heroes.json.JsonFields;
import dev.heroes.model.HeroPublic;
import java.io.IOException;
import java.util.List;

/**
 * A team whose heroes are too many for one read: written as {@link TeamPublicWithHeroes} writes it,
 * the first heroes read with the team, then each further batch read as the previous one has been
 * written, so that a team of a million heroes holds one batch in memory at a time, never the list.
 *
 * @param team      the team and its first {@code batchSize} heroes, by id
 * @param next      the batch of heroes after a hero id, by id
 * @param batchSize how many heroes a read returns at most: a shorter batch is the last
 */
record TeamWithStreamedHeroes(TeamPublicWithHeroes team, HeroesAfter next, int batchSize) implements JsonFields {

    /** The team's next heroes by id, after {@code heroId}, at most a batch. */
    @FunctionalInterface
    interface HeroesAfter {
        List<HeroPublic> after(long heroId);
    }

    @Override
    public void writeFields(JsonGenerator json) throws IOException {
        json.writeStringField("name", team.name());
        json.writeNumberField("id", team.id());
        json.writeArrayFieldStart("heroes");
        List<HeroPublic> batch = team.heroes();
        while (true) {
            for (HeroPublic hero : batch) {
                hero.serialize(json, null);
            }
            if (batch.size() < batchSize) {
                break;
            }
            batch = next.after(batch.getLast().id());
        }
        json.writeEndArray();
    }
}

package dev.heroes.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heroes.api.Json;
import dev.heroes.hero.HeroPublicWithTeam;
import dev.heroes.model.HeroPublic;
import dev.heroes.model.TeamPublic;
import dev.heroes.team.TeamPublicWithHeroes;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The response models write their own JSON: every record component, in order, under its snake_case
 * name, null when absent. Checked here against the components themselves, so a component added to a
 * model and not written fails at once.
 */
class JsonFieldsTest {

    private final ObjectMapper mapper = new Json().mapper();

    static Stream<Record> models() {
        TeamPublic team = new TeamPublic("Preventers", 7);
        HeroPublic hero = new HeroPublic("Deadpond", 48L, 7L, 1);
        HeroPublic heroWithoutAgeOrTeam = new HeroPublic("Spider-Boy", null, null, 2);
        return Stream.of(
                team,
                hero,
                heroWithoutAgeOrTeam,
                new HeroPublicWithTeam("Deadpond", 48L, 7L, 1, team),
                new HeroPublicWithTeam("Spider-Boy", null, null, 2, null),
                new TeamPublicWithHeroes("Preventers", 7, List.of(hero, heroWithoutAgeOrTeam)),
                new TeamPublicWithHeroes("Z-Force", 8, List.of()));
    }

    @ParameterizedTest
    @MethodSource("models")
    void writesEveryComponentInOrderUnderItsSnakeCaseName(Record model) throws Exception {
        String written = mapper.writeValueAsString(model);

        assertThat(written).isEqualTo(mapper.writeValueAsString(expected(model)));
    }

    /** The JSON a model should give, built from its record components by reflection. */
    private JsonNode expected(Object value) throws ReflectiveOperationException {
        if (value instanceof Record model) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (RecordComponent component : model.getClass().getRecordComponents()) {
                object.set(
                        snakeCase(component.getName()),
                        expected(component.getAccessor().invoke(model)));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            var array = JsonNodeFactory.instance.arrayNode();
            for (Object element : list) {
                array.add(expected(element));
            }
            return array;
        }
        return mapper.valueToTree(value);
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}

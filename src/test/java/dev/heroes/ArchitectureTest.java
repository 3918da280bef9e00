package dev.heroes;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each package's {@code package-info.java} says what it may import, and this test holds the code to
 * it: a class that imports a package of the service its package-info does not name, or a library
 * its package-info forbids, fails the build, with the line to change in the message.
 *
 * <p>The rule is written once, where a reader of the package looks first, as two sentences of its
 * comment: {@code May import: {@code a}, {@code b.c}.} (packages below {@code dev.heroes};
 * {@code nothing of the service}; or {@code *}, the composition root's), and optionally
 * {@code Never: {@code io.helidon}, ...} (prefixes of libraries' packages).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.heroes";
    private static final Path SOURCES = Path.of("src/main/java");

    /** jOOQ's classes of the schema: generated from the migrations, documented by them. */
    private static final String GENERATED = ROOT + ".db.schema";

    private static final Pattern MAY_IMPORT = Pattern.compile(
            "May import:\\s*(\\{@code \\*}|nothing of the service|(?:\\{@code [\\w.]+}(?:,\\s*)?)+)\\.");
    private static final Pattern NEVER = Pattern.compile("Never:\\s*((?:\\{@code [\\w.]+}(?:,\\s*)?)+)\\.");
    private static final Pattern CODE = Pattern.compile("\\{@code ([\\w.*]+)}");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** The service's packages, their generated schema aside. */
    private static Set<String> packages() {
        return classes.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> !isGenerated(name))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyPackageSaysWhatItIsAndWhatItMayImport() {
        Set<String> packages = packages();
        assertThat(packages).contains(ROOT + ".api", ROOT + ".hero", ROOT + ".db.sql");
        for (String packageName : packages) {
            Rule rule = Rule.of(packageName);
            assertThat(rule.mayImport())
                    .as("%s names packages that exist", rule.source())
                    .allSatisfy(allowed -> assertThat(allowed.equals(ROOT + ".*")
                                    || allowed.equals(GENERATED)
                                    || packages.contains(allowed))
                            .as("%s names %s", rule.source(), allowed)
                            .isTrue());
        }
    }

    @Test
    void noClassImportsWhatItsPackageInfoDoesNotAllow() {
        Map<String, Rule> rules = new TreeMap<>();
        for (String packageName : packages()) {
            rules.put(packageName, Rule.of(packageName));
        }
        List<String> violations = new ArrayList<>();
        for (JavaClass origin : classes) {
            Rule rule = rules.get(origin.getPackageName());
            if (rule == null) {
                continue;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass();
                if (!rule.allows(target.getPackageName())) {
                    violations.add(dependency.getDescription() + "\n    (" + rule.source() + ": " + rule.text() + ")");
                }
            }
        }
        assertThat(violations)
                .as("imports that package-info.java does not allow")
                .isEmpty();
    }

    @Test
    void theRuleCatchesAnImportItDoesNotAllow() {
        Rule model = Rule.of(ROOT + ".model");
        assertThat(model.allows(ROOT + ".json")).isTrue();
        assertThat(model.allows(ROOT + ".model")).isTrue();
        assertThat(model.allows(ROOT + ".api")).isFalse();
        assertThat(model.allows("io.helidon.webserver.http")).isFalse();
        assertThat(model.allows("java.util")).isTrue();
        Rule hero = Rule.of(ROOT + ".hero");
        assertThat(hero.allows(ROOT + ".team")).isFalse();
        assertThat(hero.allows(ROOT + ".http")).isFalse();
        assertThat(hero.allows(GENERATED + ".tables")).isTrue();
        assertThat(Rule.of(ROOT).allows(ROOT + ".http")).isTrue();
    }

    private static boolean isGenerated(String packageName) {
        return packageName.equals(GENERATED) || packageName.startsWith(GENERATED + ".");
    }

    /**
     * A package's rule, as its package-info.java writes it.
     *
     * @param mayImport the service's packages it may import (its own always), or {@code dev.heroes.*} for all
     * @param never     prefixes of libraries' packages it must not import
     */
    private record Rule(String packageName, Path source, String text, Set<String> mayImport, Set<String> never) {

        static Rule of(String packageName) {
            Path source = SOURCES.resolve(packageName.replace('.', '/')).resolve("package-info.java");
            assertThat(source)
                    .as("every package says what it is and what it may import")
                    .exists();
            String comment;
            try {
                comment = Files.readString(source).replaceAll("\\s*\\n\\s*\\*\\s?", " ");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            Matcher mayImport = MAY_IMPORT.matcher(comment);
            assertThat(mayImport.find())
                    .as("%s has a sentence 'May import: {@code ...}, ....' or '... nothing of the service.'", source)
                    .isTrue();
            Matcher never = NEVER.matcher(comment);
            Set<String> forbidden = never.find() ? codes(never.group(1), "") : Set.of();
            return new Rule(
                    packageName,
                    source,
                    mayImport.group() + (forbidden.isEmpty() ? "" : " " + never.group()),
                    codes(mayImport.group(1), ROOT + "."),
                    forbidden);
        }

        private static Set<String> codes(String list, String prefix) {
            Set<String> names = new TreeSet<>();
            Matcher code = CODE.matcher(list);
            while (code.find()) {
                names.add(prefix + code.group(1));
            }
            return names;
        }

        boolean allows(String target) {
            if (target.equals(ROOT) || target.startsWith(ROOT + ".")) {
                return target.equals(packageName)
                        || mayImport.contains(ROOT + ".*")
                        || mayImport.contains(target)
                        // The generated schema's classes sit in subpackages (tables, keys).
                        || (isGenerated(target) && mayImport.contains(GENERATED));
            }
            return never.stream().noneMatch(prefix -> target.equals(prefix) || target.startsWith(prefix + "."));
        }
    }
}

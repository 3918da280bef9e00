package dev.heroes.model;

import java.util.Set;

/**
 * What a conditional write expects of a row's version (from {@code If-Match}): any version, or one
 * of these. A write whose row is at another version changes nothing.
 *
 * @param versions the versions any of which may match; null when any version does
 */
public record VersionPrecondition(Set<Long> versions) {

    public static final VersionPrecondition ANY = new VersionPrecondition(null);

    /** True when any current version satisfies the precondition (no header, or {@code *}). */
    public boolean matchesAny() {
        return versions == null;
    }
}

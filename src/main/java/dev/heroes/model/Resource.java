package dev.heroes.model;

/**
 * A kind of row the API serves, by the name its error details give it ("Hero not found"), so that
 * every route of every feature refuses in the same words.
 */
public record Resource(String name) {

    public static final Resource HERO = new Resource("Hero");
    public static final Resource TEAM = new Resource("Team");

    /** The contract's 404 detail, also the message of a 422 for a reference to a missing row. */
    public String notFoundDetail() {
        return name + " not found";
    }

    /** The 412's detail, for a conditional write whose {@code If-Match} names another version. */
    public String changedDetail() {
        return name + " has changed: If-Match does not match its current ETag";
    }
}

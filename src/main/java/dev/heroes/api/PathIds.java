package dev.heroes.api;

import dev.heroes.model.Resource;
import java.util.OptionalLong;

/** Ids read from a path ({@link Validation#pathId}), as the routes use them. */
public final class PathIds {

    private PathIds() {}

    /** The id, or the resource's 404 when the path's id can name no row (beyond 64 bits). */
    public static long orNotFound(Resource resource, OptionalLong id) {
        return id.orElseThrow(() -> HttpError.notFound(resource));
    }
}

package dev.heroes.auth;

import dev.heroes.model.Caller;

/** What a request's credentials came to. */
public sealed interface Authentication {

    /** It sent none: it gets the anonymous scopes. */
    Authentication NO_CREDENTIALS = new NoCredentials();

    /** It sent some that prove nothing: a bad, expired or foreign token, an unknown key. */
    Authentication INVALID = new Invalid();

    record Authenticated(Caller caller) implements Authentication {}

    record NoCredentials() implements Authentication {}

    record Invalid() implements Authentication {}
}

package dev.heroes.config;

/** A setting that stops start-up; its message is one line a user can act on. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

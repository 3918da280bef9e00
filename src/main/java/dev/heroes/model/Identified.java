package dev.heroes.model;

/** A row the client sees with its database id: what a keyset page continues after. */
public interface Identified {

    long id();
}

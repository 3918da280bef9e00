package dev.heroes.web;

/** A row the client sees with its database id: what a keyset page continues after. */
public interface Identified {

    long id();
}

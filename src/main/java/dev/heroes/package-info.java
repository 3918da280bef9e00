/**
 * The composition root and the process: {@code HeroesApp} wires configuration, pools, migrations,
 * routes and both listeners, and hands every other class its dependencies through its constructor;
 * {@code Main} is the process entry ({@code serve}, {@code migrate}, {@code --help},
 * {@code --version}; SIGTERM and SIGINT drain); {@code Training} exercises every route once for the
 * build's ahead-of-time cache.
 *
 * <p>May import: {@code *}.
 */
package dev.heroes;

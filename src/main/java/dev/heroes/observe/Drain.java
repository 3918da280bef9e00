package dev.heroes.observe;

import java.util.concurrent.atomic.LongAdder;

/**
 * Whether the service is draining (stopping after SIGTERM), and how many API requests are in
 * flight. Readiness reports DOWN from the moment draining starts, and answers sent while it lasts
 * close their connection, so that clients and load balancers go elsewhere.
 */
public final class Drain {

    private volatile boolean draining;
    // Counted on every request from every core, read only when draining or scraped.
    private final LongAdder inFlight = new LongAdder();

    public boolean isDraining() {
        return draining;
    }

    void start() {
        draining = true;
    }

    public int inFlight() {
        return inFlight.intValue();
    }

    void requestStarted() {
        inFlight.increment();
    }

    void requestEnded() {
        inFlight.decrement();
    }
}

package dev.heroes.observe;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the service is draining (stopping after SIGTERM), and how many API requests are in
 * flight. Readiness reports DOWN from the moment draining starts, and answers sent while it lasts
 * close their connection, so that clients and load balancers go elsewhere.
 */
public final class Drain {

    private volatile boolean draining;
    private final AtomicInteger inFlight = new AtomicInteger();

    public boolean isDraining() {
        return draining;
    }

    void start() {
        draining = true;
    }

    public int inFlight() {
        return inFlight.get();
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }
}

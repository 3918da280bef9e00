package dev.heroes.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether the API listener's stop is under way or over, so that a request cut short by it can
 * still be answered. When the shutdown grace ends, Helidon interrupts a request still running
 * twice: once when it gives up waiting for the request's thread, and once more when it closes
 * the request's connection ({@code ServerListener.suspend}: {@code shutdownNow()}, then
 * {@code close(true)}). The response goes out through a socket channel, which closes when the
 * thread writing to it has been interrupted; a 503 written between the two interrupts would be
 * lost, and the client would get no answer at all. So such an answer waits until the stop is over.
 *
 * <p>Upstream: no issue found as of 2026-12 (helidon-io/helidon#10154 and #10156 are about the
 * grace being honoured before the first interrupt, which 4.5 does). This class can go when Helidon
 * interrupts a request that outlives the grace once, or lets its answer be written after the
 * interrupt: {@code DrainTest.aRequestStillRunningWhenTheGraceEndsIsAnswered503} then passes with
 * ErrorResponses answering at once.
 */
public final class ListenerStop {

    private volatile boolean begun;
    private final CountDownLatch over = new CountDownLatch(1);

    /** The listener's stop begins: requests still running when the grace ends will be interrupted. */
    public void begin() {
        begun = true;
    }

    /** The listener's stop is over: no more interrupts come from it. */
    public void end() {
        over.countDown();
    }

    /**
     * Called by a request whose thread was interrupted: if the interrupt came from the listener's
     * stop, waits until that is over (at most {@code limit}), then clears the thread's interrupt so
     * that the answer can be written.
     */
    void awaitInterruptsOver(Duration limit) {
        Thread.interrupted();
        if (!begun) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                over.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException theSecondInterrupt) {
                // The stop's second interrupt arrived while waiting; wait on.
            }
        }
        Thread.interrupted();
    }
}

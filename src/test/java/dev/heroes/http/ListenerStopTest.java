package dev.heroes.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request cut short by the listener's stop is answered only after the stop's second interrupt
 * (the one that comes with closing its connection), with its thread's interrupt cleared: an
 * interrupt pending while the 503 is written would close the connection and lose the answer.
 */
class ListenerStopTest {

    @Test
    void anAnswerWaitsThroughTheSecondInterruptUntilTheStopIsOver() throws Exception {
        ListenerStop stop = new ListenerStop();
        stop.begin();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        Thread request = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt(); // the first interrupt: the grace is over
            waiting.countDown();
            stop.awaitInterruptsOver(Duration.ofSeconds(10));
            answered.complete(Thread.currentThread().isInterrupted());
        });
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        request.interrupt(); // the second: the connection is closed
        Thread.sleep(100);
        assertThat(answered).as("answered before the stop is over").isNotDone();

        stop.end();

        assertThat(answered.get(5, TimeUnit.SECONDS))
                .as("interrupt pending when the answer is written")
                .isFalse();
    }

    @Test
    void anInterruptOutsideAStopIsClearedWithoutWaiting() throws Exception {
        ListenerStop stop = new ListenerStop();

        assertThat(interruptedWhenAnswering(stop, Duration.ofSeconds(30)).get(5, TimeUnit.SECONDS))
                .isFalse();
    }

    @Test
    void aStopThatDoesNotEndIsWaitedForAtMostTheLimit() throws Exception {
        ListenerStop stop = new ListenerStop();
        stop.begin();

        assertThat(interruptedWhenAnswering(stop, Duration.ofMillis(200)).get(5, TimeUnit.SECONDS))
                .isFalse();
    }

    /** A request interrupted once that waits for the stop, and whether it is still interrupted after. */
    private static CompletableFuture<Boolean> interruptedWhenAnswering(ListenerStop stop, Duration limit) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            stop.awaitInterruptsOver(limit);
            answered.complete(Thread.currentThread().isInterrupted());
        });
        return answered;
    }
}

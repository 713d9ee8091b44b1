package dev.faas.runtime;

import java.time.Duration;

/** Counts calls being served so that shutdown can wait for them to finish. */
final class InFlightCalls {

    private int count;

    /** A call started. */
    synchronized void enter() {
        count++;
    }

    /** A call finished. */
    synchronized void exit() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** The number of calls being served now. */
    synchronized int count() {
        return count;
    }

    /** Waits until no call is in flight or {@code timeout} passed; returns whether all calls finished. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}

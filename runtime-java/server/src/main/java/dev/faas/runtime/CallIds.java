package dev.faas.runtime;

import java.util.concurrent.ThreadLocalRandom;

/** Makes ids for calls that arrive without {@code X-Call-Id}. */
final class CallIds {

    private CallIds() {
    }

    // ThreadLocalRandom, not UUID.randomUUID: SecureRandom seeding would cost the first call milliseconds.
    static String next() {
        return "call-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}

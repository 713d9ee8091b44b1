package dev.faas.runtime;

import static dev.faas.runtime.TestCalls.config;
import static dev.faas.runtime.TestCalls.get;
import static dev.faas.runtime.TestCalls.started;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The date prepared aside is formatted as the JDK's server formats its {@code Date} header, or it prepares nothing. */
class ResponseDatesTest {

    @Test
    void formatsLikeTheServersDateHeader() throws Exception {
        RuntimeServer server = started(config("function", null, null));
        try {
            String served = get(server, "/_/health").headers().firstValue("Date").orElseThrow();
            String prepared = ResponseDates.format();
            // Same shape, e.g. "Sun, 22 Nov 2026 06:58:01 GMT": the same words and zone, seconds apart at most.
            assertEquals(served.substring(0, 3), prepared.substring(0, 3), served + " / " + prepared);
            assertEquals(served.substring(served.length() - 4), prepared.substring(prepared.length() - 4));
            assertEquals(served.length(), prepared.length(), served + " / " + prepared);
        } finally {
            server.stop(Duration.ZERO);
        }
    }
}

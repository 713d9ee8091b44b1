package dev.faas.runtime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The JDK's HTTP server stamps every response with a {@code Date} header through a {@code zzz} pattern, and the
 * first such format loads the locale's calendar and time-zone names: ~50-90 ms on this runtime's start, all on the
 * way to its first answer. Formatting one date the same way on a thread of its own, as the runtime starts, pays that
 * beside the server's start and the function's loading instead.
 */
final class ResponseDates {

    /** The pattern {@code sun.net.httpserver.ExchangeImpl} formats the {@code Date} header with. */
    private static final String PATTERN = "EEE, dd MMM yyyy HH:mm:ss zzz";

    private ResponseDates() {
    }

    /** Starts the aside preparation; returns at once. */
    static void prepareAside() {
        Thread thread = new Thread(ResponseDates::format, "faas-prepare-dates");
        thread.setDaemon(true);
        thread.start();
    }

    /** One {@code Date} header value for now, formatted as the server does. */
    static String format() {
        return DateTimeFormatter.ofPattern(PATTERN, Locale.US).withZone(ZoneId.of("GMT")).format(Instant.now());
    }
}

package dev.faas.router;

import io.micronaut.context.annotation.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Logs errors that arrive after their call was abandoned at debug level. When the router gives up on a call
 * (the function's timeout, the caller went away), the HTTP client still reports the closed connection to the
 * cancelled subscriber; Reactor's default would log that expected event as an ERROR with a stack trace.
 * The hook stays installed until the JVM exits: connections may close after the context has.
 */
@Context
public class DroppedErrorLogging {
    private static final Logger LOG = LoggerFactory.getLogger(DroppedErrorLogging.class);

    public DroppedErrorLogging() {
        Hooks.onErrorDropped(error -> LOG.debug("error after the call was abandoned: {}", error.toString()));
    }
}

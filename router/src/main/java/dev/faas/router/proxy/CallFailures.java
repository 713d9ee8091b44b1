package dev.faas.router.proxy;

import dev.faas.router.config.DurationText;
import dev.faas.router.endpoints.Endpoint;
import dev.faas.router.endpoints.FunctionRef;
import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpStatus;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Tells what went wrong with a forwarded call and turns it into the caller's error. */
final class CallFailures {
    private CallFailures() {
    }

    /**
     * The pause before asking the activator again after an instance it named refused the connection too: one that
     * has just died is still listed until the controller hears of its exit, a moment later.
     */
    private static final Duration REFUSED_AGAIN_PAUSE = Duration.ofMillis(50);

    /**
     * How long to wait before asking the activator for an instance after a refused connection, given how often the
     * call was refused before: not at all the first time, {@link #REFUSED_AGAIN_PAUSE} after that.
     */
    static Duration pauseBeforeActivation(int earlier) {
        return earlier == 0 ? Duration.ZERO : REFUSED_AGAIN_PAUSE;
    }

    /**
     * Whether a call whose connection was refused may still be sent elsewhere: nothing of it was sent, and the wait
     * for an instance (the activation timeout from its arrival) is not over.
     */
    static boolean mayRetryRefused(Throwable error, long arrivedAt, Duration activationTimeout) {
        return refusedConnection(error) && System.currentTimeMillis() < arrivedAt + activationTimeout.toMillis();
    }

    /** True when the instance refused the connection: nothing of the call was sent, so it may be sent elsewhere. */
    static boolean refusedConnection(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The error the caller gets for a call to the instance that failed this way. */
    static RouterException toCallerError(Throwable error, FunctionRef ref, Endpoint endpoint, Duration timeout,
                                         long maxBodySize) {
        if (error instanceof RouterException known) {
            return known;
        }
        if (error instanceof TimeoutException) {
            return new RouterException(HttpStatus.GATEWAY_TIMEOUT, "function '" + ref.name()
                    + "' did not answer within " + DurationText.of(timeout));
        }
        if (refusedConnection(error)) {
            return new RouterException(HttpStatus.BAD_GATEWAY, "instance " + endpoint.id() + " of '" + ref.name()
                    + "' refused the connection; try again once the function has a ready instance");
        }
        if (isBodyTooLarge(error)) {
            return new RouterException(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the request body is larger than the router's limit of " + maxBodySize
                            + " bytes (faas.router.max-body-size); send a smaller body");
        }
        return new RouterException(HttpStatus.BAD_GATEWAY, "instance " + endpoint.id() + " of '" + ref.name()
                + "' closed the connection before answering");
    }

    private static boolean isBodyTooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ContentLengthExceededException")) {
                return true;
            }
        }
        return false;
    }
}
